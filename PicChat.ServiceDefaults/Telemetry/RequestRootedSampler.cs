using System.Diagnostics;
using System.Threading.RateLimiting;
using OpenTelemetry.Trace;

namespace PicChat.ServiceDefaults.Telemetry;

/// <summary>
/// Traces start at an incoming HTTP request, and at most <c>PicChat:Telemetry:TracesPerSecond</c> of them a
/// second in each process; everything else is recorded only as part of one.
/// </summary>
/// <remarks>
/// Orleans keeps itself busy with timers, membership and directory calls, and the silos with their PostgreSQL
/// heartbeats: as traces of their own they outnumber requests a hundred to one and bury the request an operator
/// is looking for. Under load the opposite problem appears: a trace per request (18 spans for a create-chat,
/// exported to the dashboard on the same cores) costs more CPU than the request itself. A token bucket keeps
/// every request traced while a person is clicking around, and the cost bounded when thousands arrive a second.
/// </remarks>
public sealed class RequestRootedSampler(int tracesPerSecond) : Sampler, IDisposable
{
    /// <summary>Configuration key: new traces each process may start per second (0: none).</summary>
    public const string TracesPerSecondKey = "PicChat:Telemetry:TracesPerSecond";

    // The name ASP.NET Core gives the activity of an incoming request before it knows the route.
    private const string IncomingRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Sample = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly TokenBucketRateLimiter? _budget = tracesPerSecond <= 0 ? null : new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = tracesPerSecond,
        TokensPerPeriod = tracesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    /// <summary>Follow the parent's decision where there is a parent; start traces only at requests, within budget.</summary>
    public static Sampler ForRequests(int tracesPerSecond) => new ParentBasedSampler(new RequestRootedSampler(tracesPerSecond));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (_budget is null || samplingParameters.Kind != ActivityKind.Server || samplingParameters.Name != IncomingRequest)
        {
            return Drop;
        }

        using var lease = _budget.AttemptAcquire();
        return lease.IsAcquired ? Sample : Drop;
    }

    public void Dispose() => _budget?.Dispose();
}
