using Microsoft.Extensions.DependencyInjection;
using PicChat.Abstractions.Chats;

namespace PicChat.Tests.Integration;

/// <summary>One sender's bad data never fails another sender's chat, even inside one batched INSERT.</summary>
[Collection(PicChatCollection.Name)]
public sealed class ChatIsolationTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task AChatPostgresRefusesFailsAloneAndTheOtherThirtyNineAreStoredGapFree()
    {
        var s = await ChatScenario.CreateAsync(_api);
        // Straight to the grain, past the API's text check, as a bug or a new field might one day let through.
        var room = fixture.Api.Services.GetRequiredService<IClusterClient>().GetGrain<IChatRoomGrain>(s.PicId);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            room.CreateAsync(new NewChat(s.Friend.Id, s.Owner.Id, "text", i == 20 ? "poison\0" : $"m{i}", null, null))));

        Assert.Equal(CreateChatStatus.Rejected, results[20].Status);
        Assert.Null(results[20].Chat);
        var stored = results.Where(r => r.Status == CreateChatStatus.Created).ToArray();
        Assert.Equal(39, stored.Length);
        Assert.Equal(Enumerable.Range(1, 39).Select(i => (long)i), stored.Select(r => r.Chat!.Seq).Order());
        Assert.Equal(39, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));

        // The room keeps working, and the next chat follows on without a gap.
        var next = await room.CreateAsync(new NewChat(s.Owner.Id, s.Friend.Id, "text", "after", null, null));
        Assert.Equal(40, next.Chat!.Seq);
    }
}
