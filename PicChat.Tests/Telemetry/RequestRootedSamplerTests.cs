using System.Diagnostics;
using OpenTelemetry.Trace;
using PicChat.ServiceDefaults.Telemetry;

namespace PicChat.Tests.Telemetry;

public sealed class RequestRootedSamplerTests
{
    private static SamplingParameters Root(string name, ActivityKind kind) =>
        new(default, ActivityTraceId.CreateRandom(), name, kind);

    [Fact]
    public void RequestsAreTracedUpToTheBudgetAndNoFurther()
    {
        using var sampler = new RequestRootedSampler(tracesPerSecond: 5);

        // Act: a burst well inside one replenishment period.
        var decisions = Enumerable.Range(0, 50)
            .Select(_ => sampler.ShouldSample(Root("Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server)).Decision)
            .ToList();

        // Assert
        Assert.Equal(5, decisions.Count(d => d == SamplingDecision.RecordAndSample));
        Assert.Equal(45, decisions.Count(d => d == SamplingDecision.Drop));
    }

    [Fact]
    public void NothingButAnIncomingRequestStartsATrace()
    {
        using var sampler = new RequestRootedSampler(tracesPerSecond: 100);

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root("Microsoft.Orleans.Runtime.Timer", ActivityKind.Internal)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root("postgresql", ActivityKind.Client)).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample,
            sampler.ShouldSample(Root("Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server)).Decision);
    }

    [Fact]
    public void ABudgetOfZeroTracesNothing()
    {
        using var sampler = new RequestRootedSampler(tracesPerSecond: 0);

        Assert.Equal(SamplingDecision.Drop,
            sampler.ShouldSample(Root("Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server)).Decision);
    }
}
