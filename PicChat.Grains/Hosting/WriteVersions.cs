namespace PicChat.Grains.Hosting;

/// <summary>
/// Versions for one grain's writes to a table it keeps beside its state (the profile directory, the friend
/// index), so that a write which timed out and commits late loses to every write issued after it. They grow
/// within an activation, and across activations follow the clock (ticks), which moves on between a grain's
/// deactivation and its next activation. Should another silo's clock lag, the tables refuse that
/// activation's listings (their rows stay unlisted, so readers ask the grain): slower, never wrong.
/// </summary>
public sealed class WriteVersions(TimeProvider clock)
{
    private long _last;

    public long Next() => _last = Math.Max(_last + 1, clock.GetUtcNow().UtcTicks);
}
