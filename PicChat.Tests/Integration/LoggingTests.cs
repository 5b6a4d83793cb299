using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class LoggingTests(PicChatFixture fixture)
{
    [Fact]
    public async Task LogsCarryRequestAndUserIdsButNeverPasswordsOrTokens()
    {
        var sink = new RecordingLoggerProvider();
        // Framework categories are quiet by default; turned up (as an operator might), their lines carry the scopes too.
        var (api, baseAddress) = await fixture.StartApiAsync(new() { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft"] = "Information" },
            builder => builder.Services.AddSingleton<ILoggerProvider>(sink));
        try
        {
            using var client = new ApiClient(new HttpClient { BaseAddress = baseAddress });
            var password = "Pa55-" + Guid.NewGuid().ToString("N");
            var user = await client.RegisterAsync(password);
            var login = await client.PostAsync("/users/user-login", new { email = user.Email, password });
            var token = login.Json.GetProperty("token").GetString()!;
            Assert.True((await client.GetAsync("/users/user-info-read", new { userId = user.Id }, token)).IsSuccess);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized,
                (await client.PostAsync("/users/user-login", new { email = user.Email, password = password + "x" })).Status);

            var entries = sink.Entries.ToArray();
            Assert.Contains(entries, e => e.Scopes.Contains($"UserId:{user.Id}") && e.Scopes.Any(s => s.StartsWith("RequestId:")));
            foreach (var secret in new[] { password, token, token.Split('.')[1], user.Token })
            {
                Assert.DoesNotContain(entries, e => e.Text.Contains(secret));
            }
        }
        finally
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task ByDefaultRequestsLeaveNoFrameworkLinesInTheLog()
    {
        var sink = new RecordingLoggerProvider();
        // The shipped defaults: nothing but the fixture's connection settings is configured here.
        var (api, baseAddress) = await fixture.StartApiAsync(new() { ["Logging:LogLevel:Default"] = "Information" },
            builder => builder.Services.AddSingleton<ILoggerProvider>(sink));
        try
        {
            using var client = new ApiClient(new HttpClient { BaseAddress = baseAddress });
            using var stranger = new ApiClient(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = baseAddress });
            var user = await client.RegisterAsync();
            var before = sink.Entries.Count;
            for (var i = 0; i < 20; i++)
            {
                Assert.True((await client.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).IsSuccess);
                Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/users/no-such-endpoint", token: user.Token)).Status);
                // Refused sessions are the cheapest flood there is: the authentication handler's lines stay out too.
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await stranger.GetAsync("/users/user-info-read", new { userId = user.Id })).Status);
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await stranger.GetAsync("/users/user-info-read", new { userId = user.Id }, $"{user.Id}.{new string('x', 43)}")).Status);
            }

            var perRequest = sink.Entries.Skip(before).ToArray();
            Assert.Empty(perRequest);
            var factory = api.Services.GetRequiredService<ILoggerFactory>();
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
            Assert.False(factory.CreateLogger("Orleans.Runtime.Messaging").IsEnabled(LogLevel.Information));
            Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
            Assert.True(factory.CreateLogger("PicChat.Api.Http.ErrorHandlingMiddleware").IsEnabled(LogLevel.Information));
        }
        finally
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }
    }

    private sealed record Entry(string Text, List<string> Scopes);

    /// <summary>Records every entry with its message, exception and scopes, as an exporter would see them.</summary>
    private sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                owner._scopes.ForEachScope((scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs.Select(p => $"{p.Key}:{p.Value}"));
                    }

                    list.Add(scope?.ToString() ?? "");
                }, scopes);
                var properties = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")) : "";
                owner.Entries.Enqueue(new Entry($"{category} {formatter(state, exception)} {properties} {exception} {string.Join(' ', scopes)}", scopes));
            }
        }
    }
}
