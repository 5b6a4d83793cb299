using System.Net;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// Check-then-act races that hold one request at a time but could break in parallel. (The registration race,
/// parallel failed logins, many senders on one picture and a poisoned chat among many have their own tests
/// beside the features they cover.)
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class ConcurrencyTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ConcurrentFriendAddsDeletesAndRenamesOnOneListKeepItExact()
    {
        var owner = await _api.RegisterAsync();
        var candidates = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _api.RegisterAsync()));

        // Every candidate added twice at once: one add wins, the other is told the friend exists.
        var adds = await Task.WhenAll(candidates.SelectMany(c => new[] { c, c }).Select(c =>
            _api.PostAsync("/friends/create-friend", new { userId = owner.Id, friendId = c.Id, nickName = "n" }, owner.Token)));
        foreach (var group in adds.Chunk(2))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], group.Select(r => r.Status).Order());
        }

        // Half deleted twice at once (one delete wins), the other half renamed at the same time.
        var deleted = candidates.Where((_, i) => i % 2 == 0).ToArray();
        var kept = candidates.Where((_, i) => i % 2 == 1).ToArray();
        var deletes = deleted.SelectMany(c => new[] { c, c }).Select(c =>
            _api.DeleteAsync("/friends/delete-friend", new { userId = owner.Id, friendId = c.Id }, owner.Token));
        var renames = kept.Select(c =>
            _api.PostAsync("/friends/update-friend-nick-name", new { userId = owner.Id, friendId = c.Id, nickName = $"kept-{c.Id}" }, owner.Token));
        var deleteResults = await Task.WhenAll(deletes);
        Assert.All(await Task.WhenAll(renames), r => Assert.True(r.IsSuccess, r.Json.ToString()));
        foreach (var group in deleteResults.Chunk(2))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], group.Select(r => r.Status).Order());
        }

        var list = await _api.GetAsync("/friends/read-friend-list", new { userId = owner.Id }, owner.Token);
        var friends = list.Json.GetProperty("friends").EnumerateArray()
            .Select(f => (Id: f.GetProperty("userId").GetInt64(), Nick: f.GetProperty("nickName").GetString()))
            .ToList();
        Assert.Equal(kept.Select(c => c.Id).Order(), friends.Select(f => f.Id).Order());
        Assert.All(friends, f => Assert.Equal($"kept-{f.Id}", f.Nick));
    }

    [Fact]
    public async Task NoChatSurvivesOnAPictureDeletedWhileChatsWereBeingSent()
    {
        var s = await ChatScenario.CreateAsync(_api);
        var senders = new[] { (s.Friend, s.Owner), (s.Owner, s.Friend), (s.OtherFriend, s.Owner) };
        var sends = Enumerable.Range(0, 60).Select(async i =>
        {
            await Task.Delay(i * 3); // spread over the moment of the delete
            var (from, to) = senders[i % senders.Length];
            return await s.SendRawAsync(from, to, $"racing {i}");
        }).ToList();
        await Task.Delay(60);
        var delete = await _api.DeleteAsync("/pics/delete-picture", new { userId = s.Owner.Id, picId = s.PicId }, s.Owner.Token);
        var results = await Task.WhenAll(sends);

        Assert.True(delete.IsSuccess, delete.Json.ToString());
        // Each send was either stored before the delete or refused because the picture was gone; never a 5xx.
        Assert.All(results, r => Assert.True(r.IsSuccess || r.ErrorCode == "picture_not_found", $"{(int)r.Status} {r.Json}"));

        // Whatever was acknowledged went with the picture: no row is left, and no acknowledged chat can be read.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
        foreach (var acknowledged in results.Where(r => r.IsSuccess))
        {
            var read = await _api.GetAsync("/chats/read-chat", new { chatId = acknowledged.Json.GetProperty("chatId").GetInt64() }, s.Owner.Token);
            Assert.Equal(HttpStatusCode.NotFound, read.Status);
        }

        var after = await s.SendRawAsync(s.Friend, s.Owner, "after the delete");
        Assert.Equal("picture_not_found", after.ErrorCode);
    }
}
