using PicChat.Abstractions;
using PicChat.Abstractions.Ids;
using PicChat.Abstractions.Storage;

namespace PicChat.Grains.Ids;

/// <summary>
/// Reserves ids in blocks: the block's upper bound is persisted before any id in it is handed out, so a
/// crash can only skip ids, never repeat them. The storage ETag stops a second activation (say, during a
/// membership change) from reserving the same block twice.
/// </summary>
public sealed class IdSequenceGrain(
    [PersistentState("sequence", StorageNames.PicChat)] IPersistentState<IdSequenceState> state) : Grain, IIdSequenceGrain
{
    public const int BlockSize = 32;

    private long _next;
    private long _limit;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whatever was reserved before this activation may have been handed out already: start above it.
        _next = state.State.HighWater + 1;
        _limit = state.State.HighWater;
        return Task.CompletedTask;
    }

    public async Task<long> AllocateIdAsync()
    {
        if (_next > _limit)
        {
            var highWater = Math.Min(_limit + BlockSize, Limits.MaxId);
            if (highWater < _next)
            {
                throw new InvalidOperationException($"Id sequence '{this.GetPrimaryKeyString()}' is exhausted.");
            }

            state.State.HighWater = highWater;
            await state.WriteStateAsync();
            _limit = highWater;
        }

        return _next++;
    }
}
