namespace PicChat.Api.Chats;

/// <summary>
/// Delays that end on the next whole second of one shared timer. Thousands of subscriptions each waiting for
/// their next session check then wake together, once a second, instead of each on a timer of its own: the
/// work is the same, but the thread pool is woken (and spins looking for more work) once instead of thousands
/// of times, which on a small machine cost more than the checks themselves.
/// </summary>
internal static class CoarseDelay
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, TaskCompletionSource> BySecond = [];
    private static Timer? _timer;

    /// <summary>Completes at the first whole second at least <paramref name="delay"/> from now.</summary>
    public static Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var second = (long)Math.Ceiling((Environment.TickCount64 + delay.TotalMilliseconds) / 1000);
        TaskCompletionSource due;
        lock (Gate)
        {
            if (!BySecond.TryGetValue(second, out due!))
            {
                BySecond[second] = due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _timer ??= new Timer(_ => Fire(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        return due.Task.WaitAsync(cancellationToken);
    }

    private static void Fire()
    {
        var now = Environment.TickCount64 / 1000;
        List<TaskCompletionSource> due = [];
        lock (Gate)
        {
            foreach (var second in BySecond.Keys.Where(second => second <= now).ToList())
            {
                due.Add(BySecond[second]);
                BySecond.Remove(second);
            }

            if (BySecond.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }

        foreach (var waiting in due)
        {
            waiting.TrySetResult();
        }
    }
}
