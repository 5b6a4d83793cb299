using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PicChat.Abstractions.Users;
using PicChat.Api.Auth;

namespace PicChat.Tests.Integration;

/// <summary>
/// Failed-login limits hold under concurrency and across API instances, and never lock the owner out: each
/// test connects from loopback addresses of its own, so the per-address counts are its alone.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class LoginThrottleTests(PicChatFixture fixture) : IDisposable
{
    /// <summary>The default limit of failed logins per account and client address.</summary>
    private static readonly int PerAccount = new AuthOptions().FailedLoginsPerAccountAndClient;

    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task FiftyParallelWrongPasswordsFromOneAddressGetFiveFailuresAndFortyFiveWaits()
    {
        var owner = await _api.RegisterAsync();
        using var attacker = fixture.Client(from: PicChatFixture.NextClientAddress());

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            attacker.PostAsync("/users/user-login", new { email = owner.Email, password = $"guess-{i}" })));

        // Only five passwords are ever checked. The rest wait for a place while those five are in flight, and are
        // told 429 once they have failed (503 + Retry-After if the wait for a place ran out first: overload).
        Assert.Equal(PerAccount, answers.Count(a => a.Status == HttpStatusCode.Unauthorized));
        var waits = answers.Where(a => a.Status != HttpStatusCode.Unauthorized).ToList();
        Assert.Equal(50 - PerAccount, waits.Count);
        Assert.All(waits, a =>
        {
            Assert.Contains(a.Status, new[] { HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable });
            Assert.Equal(a.Status == HttpStatusCode.TooManyRequests ? "rate_limited" : "unavailable", a.ErrorCode);
            Assert.NotNull(a.Message.Headers.RetryAfter);
        });
        var rightPassword = await attacker.PostAsync("/users/user-login", new { email = owner.Email, password = owner.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, rightPassword.Status);
    }

    [Fact]
    public async Task TheOwnerSignsInFromAnotherAddressWhileAnAttackerIsThrottled()
    {
        var owner = await _api.RegisterAsync();
        using var attacker = fixture.Client(from: PicChatFixture.NextClientAddress());
        using var ownersPhone = fixture.Client(from: PicChatFixture.NextClientAddress());
        for (var i = 0; i <= PerAccount; i++)
        {
            await attacker.PostAsync("/users/user-login", new { email = owner.Email, password = "not-it" });
        }

        var throttled = await attacker.PostAsync("/users/user-login", new { email = owner.Email, password = "not-it" });
        var signIn = await ownersPhone.PostAsync("/users/user-login", new { email = owner.Email, password = owner.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.True(signIn.IsSuccess, signIn.Json.ToString());
    }

    [Fact]
    public async Task LoginsTheClientAbandonsBeforeTheAnswerDoNotCount()
    {
        var owner = await _api.RegisterAsync();
        var address = PicChatFixture.NextClientAddress();
        using var impatient = fixture.Client(from: address);

        // Each is cancelled long before its password hash (hundreds of milliseconds here) can finish.
        await Task.WhenAll(Enumerable.Range(0, PerAccount).Select(async i =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/users/user-login")
            {
                Content = JsonContent.Create(new { email = owner.Email, password = $"guess-{i}" }),
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.Http.SendAsync(request, cancel.Token));
        }));
        var throttle = fixture.Api.Services.GetRequiredService<IClusterClient>()
            .GetGrain<ILoginThrottleGrain>($"account|{address}|{owner.Email}");
        var counts = await throttle.GetCountsAsync();
        for (var wait = 0; wait < 100 && counts.InFlight > 0; wait++)
        {
            await Task.Delay(100);
            counts = await throttle.GetCountsAsync();
        }

        var signIn = await impatient.PostAsync("/users/user-login", new { email = owner.Email, password = owner.Password });

        Assert.Equal(new LoginThrottleCounts(0, 0), counts);
        Assert.True(signIn.IsSuccess, signIn.Json.ToString());
    }

    [Fact]
    public async Task FailuresFromOneAddressCountTogetherOnEveryApiInstance()
    {
        var settings = new Dictionary<string, string?> { [AuthOptions.FailedLoginsPerClientKey] = "4" };
        var (first, firstBase) = await fixture.StartApiAsync(new(settings));
        var (second, secondBase) = await fixture.StartApiAsync(new(settings));
        try
        {
            var address = PicChatFixture.NextClientAddress();
            using var viaFirst = fixture.Client(firstBase, address);
            using var viaSecond = fixture.Client(secondBase, address);
            var statuses = new List<HttpStatusCode>();
            foreach (var client in new[] { viaFirst, viaSecond, viaFirst, viaSecond, viaFirst })
            {
                // A new email every time: only the per-address limit can stop this.
                statuses.Add((await client.PostAsync("/users/user-login", new { email = Grains.Unique.Email(), password = "whatever" })).Status);
            }

            Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests], statuses);
        }
        finally
        {
            await PicChatFixture.StopQuietlyAsync(first);
            await PicChatFixture.StopQuietlyAsync(second);
        }
    }
}
