using System.Diagnostics;
using OpenTelemetry.Trace;

namespace PicChat.ServiceDefaults.Telemetry;

/// <summary>
/// Traces start at an incoming HTTP request; everything else is recorded only as part of one. Orleans keeps
/// itself busy with timers, membership and directory calls, and the silos with their PostgreSQL heartbeats: as
/// traces of their own they outnumber requests a hundred to one (thousands a minute on an idle cluster) and
/// bury the request an operator is looking for.
/// </summary>
public sealed class RequestRootedSampler : Sampler
{
    // The name ASP.NET Core gives the activity of an incoming request before it knows the route.
    private const string IncomingRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly Sampler Instance = new ParentBasedSampler(new RequestRootedSampler());

    /// <summary>Follow the parent's decision where there is a parent; start traces only at requests.</summary>
    public static Sampler ForRequests() => Instance;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Server && samplingParameters.Name == IncomingRequest
            ? new SamplingResult(SamplingDecision.RecordAndSample)
            : new SamplingResult(SamplingDecision.Drop);
}
