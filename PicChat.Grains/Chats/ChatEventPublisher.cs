using Microsoft.Extensions.Logging;
using Orleans.Streams;
using PicChat.Abstractions.Chats;

namespace PicChat.Grains.Chats;

/// <summary>
/// Puts a picture's committed events on its stream, in seq order: one stream message for everything committed
/// since the last one was sent, one message at a time, beside the writer, so that the next commit never waits for
/// the stream. Publishing follows the commit and never undoes it: the stream may lose events anyway, and consumers
/// fill any gap from the log by seq, so a message the stream refuses is logged and not sent again.
/// </summary>
/// <remarks>
/// Not thread-safe: it runs on its grain's scheduler, one turn at a time. Not Orleans' <c>BatchWorker</c>, which
/// starts each cycle as a new task on that scheduler, behind every turn already queued (in a busy reentrant room,
/// many): here the first message goes out within the turn that committed it.
/// </remarks>
public sealed class ChatEventPublisher
{
    private readonly long _picId;
    private readonly IAsyncBatchProducer<ChatEvent> _stream;
    private readonly ILogger _logger;
    private readonly List<ChatEvent> _queued = [];
    private Task _sending = Task.CompletedTask;

    public ChatEventPublisher(long picId, IAsyncBatchProducer<ChatEvent> stream, ILogger logger)
    {
        _picId = picId;
        _stream = stream;
        _logger = logger;
    }

    /// <summary>Queues events just committed (in seq order, after every event queued before them).</summary>
    public void Publish(IReadOnlyList<ChatEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        _queued.AddRange(events);
        if (_sending.IsCompleted)
        {
            _sending = SendQueuedAsync();
        }
    }

    /// <summary>Completes once everything queued so far has been sent (or refused): before deactivating, which would drop it.</summary>
    public Task DrainAsync() => _sending;

    /// <summary>Sends what is queued, and again what was queued meanwhile, until nothing is left; never faults.</summary>
    private async Task SendQueuedAsync()
    {
        while (_queued.Count > 0)
        {
            var message = _queued.ToArray();
            _queued.Clear();
            try
            {
                await _stream.OnNextBatchAsync(message);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Publishing chat events of picture {PicId} failed; subscribers will read them from the log", _picId);
            }
        }
    }
}
