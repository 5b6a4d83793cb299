using System.Net;
using PicChat.Tests.Integration;

namespace PicChat.Tests.Reliability;

/// <summary>
/// Races on one grain or one picture: the outcome is exactly what some serial order would give. (The
/// registration race, 50 parallel failed logins and many senders on one picture have their own tests:
/// UsersApiTests, LoginThrottleTests, ChatsApiTests.)
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class ConcurrencyTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ConcurrentAddsAndDeletesOnOneFriendListLeaveExactlyTheListASerialOrderWould()
    {
        var owner = await _api.RegisterAsync();
        var others = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => _api.RegisterAsync()));
        Task<ApiResponse> Add(TestUser friend) => _api.PostAsync("/friends/create-friend", new { userId = owner.Id, friendId = friend.Id }, owner.Token);
        Task<ApiResponse> Delete(TestUser friend) => _api.DeleteAsync("/friends/delete-friend", new { userId = owner.Id, friendId = friend.Id }, owner.Token);

        var firstAdds = await Task.WhenAll(others.Take(20).Select(Add));
        var deletes = others.Take(10).Select(Delete).ToArray();
        var adds = others.Skip(20).Select(Add).ToArray();
        var sameAdd = Enumerable.Range(0, 5).Select(_ => Add(others[15])).ToArray();
        var sameDelete = Enumerable.Range(0, 5).Select(_ => Delete(others[5])).ToArray();
        await Task.WhenAll([.. deletes, .. adds, .. sameAdd, .. sameDelete]);

        Assert.All(firstAdds, r => Assert.True(r.IsSuccess));
        Assert.All(adds, r => Assert.True(r.Result.IsSuccess));
        Assert.All(sameAdd, r => Assert.Equal("friend_exists", r.Result.ErrorCode));
        // Friend 5 was deleted six times at once: exactly one of them found it.
        var deletesOfFive = sameDelete.Append(deletes[5]).Select(t => t.Result).ToArray();
        Assert.Single(deletesOfFive, r => r.IsSuccess);
        Assert.All(deletesOfFive.Where(r => !r.IsSuccess), r => Assert.Equal("friend_not_found", r.ErrorCode));
        var list = await _api.GetAsync("/friends/read-friend-list", new { userId = owner.Id }, owner.Token);
        var ids = list.Json.GetProperty("friends").EnumerateArray().Select(f => f.GetProperty("userId").GetInt64()).ToArray();
        Assert.Equal(others.Skip(10).Select(u => u.Id).Order(), ids.Order());
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public async Task DeletingAPictureWhileChatsAreSentLeavesNoChatOnIt()
    {
        for (var round = 0; round < 3; round++)
        {
            var s = await ChatScenario.CreateAsync(_api);
            await s.SendAsync(s.Friend, s.Owner, "first");

            var sends = Enumerable.Range(0, 30).Select(i => s.SendRawAsync(i % 2 == 0 ? s.Friend : s.OtherFriend, s.Owner, $"racing {i}")).ToArray();
            await Task.Delay(round * 5);
            var delete = await _api.DeleteAsync("/pics/delete-picture", new { userId = s.Owner.Id, picId = s.PicId }, s.Owner.Token);
            var answers = await Task.WhenAll(sends);

            Assert.True(delete.IsSuccess, delete.Json.ToString());
            Assert.All(answers, a => Assert.True(a.IsSuccess || a.ErrorCode == "picture_not_found", $"{(int)a.Status} {a.Json}"));
            Assert.Equal(0, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
            var read = await _api.GetAsync("/chats/read-several-chat", new { picId = s.PicId }, s.Owner.Token);
            Assert.Equal(HttpStatusCode.NotFound, read.Status);
            // And a chat sent after the delete has nowhere to go.
            Assert.Equal("picture_not_found", (await s.SendRawAsync(s.Friend, s.Owner, "too late")).ErrorCode);
            Assert.Equal(0, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));
        }
    }

    [Fact]
    public async Task OnePoisonedChatAmongFortyConcurrentOnesIsRefusedAloneAndTheOtherThirtyNineAreStored()
    {
        var s = await ChatScenario.CreateAsync(_api);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            s.SendRawAsync(i % 2 == 0 ? s.Friend : s.OtherFriend, s.Owner, i == 17 ? "poison\0" : $"fine {i}")));

        Assert.Equal(HttpStatusCode.BadRequest, answers[17].Status);
        Assert.Equal("invalid_request", answers[17].ErrorCode);
        Assert.Equal(39, answers.Count(a => a.IsSuccess));
        var seqs = await fixture.QueryLongsAsync("SELECT seq FROM picchat_chats WHERE pic_id = $1 ORDER BY seq", s.PicId);
        Assert.Equal(Enumerable.Range(1, 39).Select(i => (long)i), seqs);
    }
}
