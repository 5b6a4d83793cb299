using System.Collections.Concurrent;

namespace PicChat.Tests.Grains;

/// <summary>
/// Records every call a test cluster's grains receive, by interface and integer key, so a test can count the
/// calls an operation made to the grains it owns (keys are unique per test, so parallel tests do not mix).
/// </summary>
public sealed class GrainCalls : IIncomingGrainCallFilter
{
    private static readonly ConcurrentQueue<(Type Interface, long Key)> Received = new();

    /// <summary>A position in the record: pass it to <see cref="Since{TGrain}"/>.</summary>
    public static int Mark() => Received.Count;

    /// <summary>How many calls grains of <typeparamref name="TGrain"/> with one of <paramref name="keys"/> received since <paramref name="mark"/>.</summary>
    public static int Since<TGrain>(int mark, IEnumerable<long> keys)
    {
        var wanted = keys.ToHashSet();
        return Received.Skip(mark).Count(c => c.Interface == typeof(TGrain) && wanted.Contains(c.Key));
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType is { } grainInterface && context.TargetId.TryGetIntegerKey(out var key, out _))
        {
            Received.Enqueue((grainInterface, key));
        }

        return context.Invoke();
    }
}
