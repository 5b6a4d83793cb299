using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using PicChat.Abstractions.Users;

namespace PicChat.Tests.Integration;

/// <summary>
/// A request is one trace from the API through its grain calls into the silo, with one span per side of each
/// call: what an operator follows on the dashboard.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class TracingTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ARequestsGrainCallsJoinItsTraceOnceOnEachSide()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var user = await _api.RegisterAsync();

        // The client's own trace, which HttpClient passes on in the traceparent header.
        using var client = new Activity("client").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = client.TraceId;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/users/user-info-read?userId={user.Id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await _api.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        client.Stop();

        var grainSpans = stopped.Where(a => a.TraceId == traceId && a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)).ToList();
        // The silo received the calls within the request's trace...
        Assert.Contains(grainSpans, a => a.Kind == ActivityKind.Server && a.DisplayName.StartsWith("IUserGrain/", StringComparison.Ordinal));
        // ...and each call is one client span and one server span, not the same span twice on one side.
        Assert.Equal(grainSpans.Count(a => a.Kind == ActivityKind.Client), grainSpans.Count(a => a.Kind == ActivityKind.Server));
        Assert.DoesNotContain(grainSpans, a => a.Parent is { } parent && parent.DisplayName == a.DisplayName && parent.Kind == a.Kind);
    }
}
