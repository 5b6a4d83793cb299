using System.Net;
using Microsoft.AspNetCore.Builder;
using PicChat.Api.Http;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class Http2PortTests(PicChatFixture fixture) : IAsyncLifetime
{
    private readonly ApiClient _api = fixture.Client();
    private readonly int _http2Port = PicChatFixture.FreePort();
    private WebApplication _ownApi = null!;
    private Uri _ownBase = null!;

    private Uri Http2Base => new($"http://127.0.0.1:{_http2Port}");

    public async Task InitializeAsync() => (_ownApi, _ownBase) = await fixture.StartApiAsync(new()
    {
        [CleartextHttp2.PortKey] = _http2Port.ToString(),
    });

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _ownApi.StopAsync();
        await _ownApi.DisposeAsync();
    }

    private static HttpClient Http2Client(Uri baseAddress) => new()
    {
        BaseAddress = baseAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    [Fact]
    public async Task TheHttp2PortSpeaksHttp2WithPriorKnowledgeAndTheContractsPortStaysHttp11()
    {
        using var http11 = new HttpClient { BaseAddress = _ownBase };
        using var http2 = Http2Client(Http2Base);

        // Act
        using var onHttp2Port = await http2.GetAsync("/alive");
        using var onMainPort = await http11.GetAsync("/alive");
        using var http11OnHttp2Port = await http11.GetAsync(new Uri(Http2Base, "/alive"));

        // Assert
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (onHttp2Port.StatusCode, onHttp2Port.Version));
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (onMainPort.StatusCode, onMainPort.Version));
        Assert.Equal(HttpStatusCode.BadRequest, http11OnHttp2Port.StatusCode);

        // Kestrel cannot offer h2c beside HTTP/1.1 on one cleartext port (the reason for the second port):
        // when it learns to, this fails and the second port can go.
        using var http2OnMainPort = Http2Client(_ownBase);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http2OnMainPort.GetAsync("/alive"));
        // Kestrel answers with GOAWAY HTTP_1_1_REQUIRED, or, when the close wins the race, the handshake never completes.
        Assert.True(refused.Message.Contains("HTTP_1_1_REQUIRED") || refused.Message.Contains("HTTP/2 connection could not be established"),
            refused.Message);
    }

    [Fact]
    public async Task SubscriptionsAsStreamsOfOneHttp2ConnectionGetTheEventsTheirViewersMaySee()
    {
        var s = await ChatScenario.CreateAsync(_api);
        using var http2 = Http2Client(Http2Base);
        var path = $"/chats/subscribe?picId={s.PicId}";
        await using var owner = await SseClient.ConnectAsync(http2, path, s.Owner.Token);
        await using var friend = await SseClient.ConnectAsync(http2, path, s.Friend.Token);
        await using var otherFriend = await SseClient.ConnectAsync(http2, path, s.OtherFriend.Token);

        // Act
        var toOwner = await s.SendAsync(s.Friend, s.Owner, "over HTTP/2");

        // Assert
        Assert.Equal(toOwner, SseClient.ChatId(await owner.ReadEventAsync()));
        Assert.Equal(toOwner, SseClient.ChatId(await friend.ReadEventAsync()));
        await otherFriend.AssertQuietAsync(300);
    }
}
