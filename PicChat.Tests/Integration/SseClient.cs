using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;

namespace PicChat.Tests.Integration;

/// <summary>A real SSE connection to chats/subscribe, parsed with the BCL's SseParser; heartbeats are counted, not returned.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpClient? _ownedHttp;
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseItem<string>> _events = Channel.CreateUnbounded<SseItem<string>>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private int _heartbeats;

    private SseClient(HttpClient? ownedHttp, HttpResponseMessage response)
    {
        _ownedHttp = ownedHttp;
        _response = response;
        _reader = ReadAsync();
    }

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Completion => _reader;

    /// <summary>Subscribes over a connection of its own.</summary>
    public static async Task<SseClient> ConnectAsync(Uri baseAddress, string path, string token, string? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            return new SseClient(http, await SubscribeAsync(http, path, token, lastEventId));
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Subscribes through a client the caller owns (and may share, as HTTP/2 streams of one connection).</summary>
    public static async Task<SseClient> ConnectAsync(HttpClient http, string path, string token) =>
        new(null, await SubscribeAsync(http, path, token, null));

    private static async Task<HttpResponseMessage> SubscribeAsync(HttpClient http, string path, string token, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = http.DefaultRequestVersion, VersionPolicy = http.DefaultVersionPolicy };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    /// <summary>The next event that is not a heartbeat; fails the test if none comes in time.</summary>
    public async Task<SseItem<string>> ReadEventAsync(int timeoutSeconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No event within {timeoutSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException("The server ended the stream.");
        }
    }

    /// <summary>Asserts that no event (other than heartbeats) arrives within the time given.</summary>
    public async Task AssertQuietAsync(int milliseconds)
    {
        await Task.Delay(milliseconds);
        Assert.False(_events.Reader.TryRead(out var item), $"Unexpected event {item.EventType} {item.EventId} {item.Data}");
    }

    public static long ChatId(SseItem<string> item) => JsonDocument.Parse(item.Data).RootElement.GetProperty("chatId").GetInt64();

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(_stop.Token))
            {
                if (item.EventType == "heartbeat")
                {
                    Interlocked.Increment(ref _heartbeats);
                }
                else
                {
                    _events.Writer.TryWrite(item);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try { await _reader; } catch (Exception) { }
        _ownedHttp?.Dispose();
        _stop.Dispose();
    }
}
