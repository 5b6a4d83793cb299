using System.Collections.Concurrent;
using System.Diagnostics;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// Steady create-chat load from several senders, each on a picture of its own, as a careful client sends:
/// every message has a clientMsgId, and a message answered 503 or 504 is sent again with it (a bounded number of
/// times). Every attempt is recorded, so a test can check latency, errors and, against PostgreSQL, that every
/// acknowledged chat is stored exactly once and nothing answered "unavailable" is stored at all.
/// </summary>
public sealed class ChatLoad
{
    private const int MaxAttemptsPerMessage = 40;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<ChatScenario> _pictures;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ChatLoad(List<ChatScenario> pictures) => _pictures = pictures;

    public sealed record Attempt(int Sender, int Message, TimeSpan Start, TimeSpan Took, int Status, string? Code, long? ChatId);

    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    /// <summary>How long since the load was prepared: the time base of every <see cref="Attempt"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static async Task<ChatLoad> PrepareAsync(ApiClient api, int senders)
    {
        var pictures = new List<ChatScenario>();
        for (var i = 0; i < senders; i++)
        {
            pictures.Add(await ChatScenario.CreateAsync(api));
        }

        return new ChatLoad(pictures);
    }

    /// <summary>
    /// Sends until <paramref name="stop"/> (or <paramref name="maxMessagesPerSender"/>), then finishes the
    /// message in hand; <paramref name="pause"/> between messages keeps the load steady rather than flat out.
    /// </summary>
    public Task RunAsync(CancellationToken stop, int maxMessagesPerSender, TimeSpan pause) =>
        Task.WhenAll(_pictures.Select((picture, sender) => Task.Run(async () =>
        {
            for (var message = 0; message < maxMessagesPerSender && !stop.IsCancellationRequested; message++)
            {
                for (var attempt = 0; attempt < MaxAttemptsPerMessage; attempt++)
                {
                    var status = await SendAsync(picture, sender, message);
                    if (status is not (503 or 504 or 0))
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }

                await Task.Delay(pause);
            }
        })));

    private async Task<int> SendAsync(ChatScenario picture, int sender, int message)
    {
        var start = _clock.Elapsed;
        int status;
        string? code = null;
        long? chatId = null;
        try
        {
            var answer = await picture.SendRawAsync(picture.Friend, picture.Owner, Content(sender, message), ClientMsgId(sender, message));
            status = (int)answer.Status;
            code = status == 200 ? null : answer.ErrorCode;
            chatId = status == 200 ? answer.Json.GetProperty("chatId").GetInt64() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // No HTTP answer at all (or not JSON): recorded as status 0, which every check counts as a failure.
            status = 0;
            code = ex.GetType().Name;
        }

        Attempts.Enqueue(new Attempt(sender, message, start, _clock.Elapsed - start, status, code, chatId));
        return status;
    }

    private string Content(int sender, int message) => $"load {_run} s{sender} m{message}";

    private string ClientMsgId(int sender, int message) => $"{_run}-{sender}-{message}";

    /// <summary>
    /// Checks the load's answers against what PostgreSQL holds: each acknowledged message stored once under
    /// the chatId it was acknowledged with; a message only ever answered 503 not stored; nothing stored twice.
    /// Returns the problems found (empty when all is well).
    /// </summary>
    public Task<List<string>> VerifyStorageAsync(PicChatFixture fixture) => VerifyStorageAsync(fixture.QueryConnectionString);

    public async Task<List<string>> VerifyStorageAsync(string connectionString)
    {
        var problems = new List<string>();
        var attempts = Attempts.ToArray();
        for (var sender = 0; sender < _pictures.Count; sender++)
        {
            var stored = await StoredAsync(connectionString, _pictures[sender].PicId);
            foreach (var group in attempts.Where(a => a.Sender == sender).GroupBy(a => a.Message))
            {
                var content = Content(sender, group.Key);
                var rows = stored.Where(r => r.Content == content).ToArray();
                var acked = group.Where(a => a.Status == 200).Select(a => a.ChatId!.Value).Distinct().ToArray();
                if (rows.Length > 1)
                {
                    problems.Add($"{content} is stored {rows.Length} times");
                }

                if (acked.Length > 1)
                {
                    problems.Add($"{content} was acknowledged with several chatIds: {string.Join(", ", acked)}");
                }

                if (acked.Length == 1 && (rows.Length == 0 || rows[0].ChatId != acked[0]))
                {
                    problems.Add($"{content} was acknowledged as chat {acked[0]} but is not stored as such");
                }

                if (acked.Length == 0 && rows.Length > 0 && group.All(a => a.Status == 503))
                {
                    problems.Add($"{content} was only ever answered 503 (nothing changed) but is stored");
                }
            }
        }

        return problems;
    }

    private static async Task<List<(long ChatId, string Content)>> StoredAsync(string connectionString, long picId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT chat_id, content FROM picchat_chats WHERE pic_id = $1 AND content LIKE 'load %'", connection);
        command.Parameters.Add(new() { Value = picId });
        var rows = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>First-attempt-or-retry success ratio of the attempts that started in [from, to).</summary>
    public double SuccessRatio(TimeSpan from, TimeSpan to)
    {
        var window = Attempts.Where(a => a.Start >= from && a.Start < to).ToArray();
        return window.Length == 0 ? 0 : window.Count(a => a.Status == 200) / (double)window.Length;
    }

    public string Summary() =>
        $"{Attempts.Count} attempts; " + string.Join(", ", Attempts.GroupBy(a => a.Status == 200 ? "200" : $"{a.Status} {a.Code}")
            .OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
        + $"; slowest {Attempts.Max(a => a.Took).TotalMilliseconds:F0} ms";
}
