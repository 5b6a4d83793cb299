using Orleans.Runtime.Messaging;

namespace PicChat.Api.Cluster;

/// <summary>
/// When a silo stops, the client may still try its gateway once before it learns the gateway is gone. Such a
/// call never left this process, so sending it again (through a live gateway) is safe for any method; callers
/// see a silo leaving as nothing more than a short delay.
/// </summary>
internal sealed class ResendUndeliveredCalls : IOutgoingGrainCallFilter
{
    private const int MaxAttempts = 5;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (ConnectionFailedException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }
}
