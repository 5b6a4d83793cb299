using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace PicChat.Api.Cluster;

/// <summary>
/// When a silo stops, the client may still try its gateway once before it learns the gateway is gone. Such a
/// call never left this process, so sending it again (through a live gateway) is safe for any method; callers
/// see a silo leaving as nothing more than a short delay. Only that failure is retried: any other may have
/// reached a grain.
/// </summary>
internal sealed class ResendUndeliveredCalls : IOutgoingGrainCallFilter
{
    /// <summary>Five tries in all, 250 ms more between each pair (0.25 + 0.5 + 0.75 + 1 s at most).</summary>
    private static readonly ResiliencePipeline Resend = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
    {
        ShouldHandle = new PredicateBuilder().Handle<ConnectionFailedException>(),
        MaxRetryAttempts = 4,
        BackoffType = DelayBackoffType.Linear,
        Delay = TimeSpan.FromMilliseconds(250),
        UseJitter = false,
    }).Build();

    public Task Invoke(IOutgoingGrainCallContext context) =>
        Resend.ExecuteAsync(static async (call, _) => await call.Invoke(), context, CancellationToken.None).AsTask();
}
