namespace PicChat.Tests.Integration;

/// <summary>A picture and the people around it: its owner, two friends the owner added, and a stranger.</summary>
public sealed record ChatScenario(ApiClient Api, TestUser Owner, TestUser Friend, TestUser OtherFriend, TestUser Stranger, long PicId)
{
    public static async Task<ChatScenario> CreateAsync(ApiClient api)
    {
        var owner = await api.RegisterAsync();
        var friend = await api.RegisterAsync();
        var otherFriend = await api.RegisterAsync();
        var stranger = await api.RegisterAsync();
        foreach (var user in new[] { friend, otherFriend })
        {
            var added = await api.PostAsync("/friends/create-friend", new { userId = owner.Id, friendId = user.Id }, owner.Token);
            Assert.True(added.IsSuccess, $"{(int)added.Status} {added.Json}");
        }

        var picture = await api.PostAsync("/pics/create-picture", new { userId = owner.Id, picUrl = "chat/pic.jpg" }, owner.Token);
        Assert.True(picture.IsSuccess, $"{(int)picture.Status} {picture.Json}");
        return new ChatScenario(api, owner, friend, otherFriend, stranger, picture.Json.GetProperty("picId").GetInt64());
    }

    /// <summary>Sends a text chat and returns its chatId (asserting it was acknowledged).</summary>
    public async Task<long> SendAsync(TestUser from, TestUser to, string content, string? clientMsgId = null)
    {
        var response = await SendRawAsync(from, to, content, clientMsgId);
        Assert.True(response.IsSuccess, response.Json.ToString());
        Assert.True(response.Json.GetProperty("ack").GetBoolean());
        return response.Json.GetProperty("chatId").GetInt64();
    }

    public Task<ApiResponse> SendRawAsync(TestUser from, TestUser to, string content, string? clientMsgId = null) =>
        Api.PostAsync("/chats/create-chat",
            new { picId = PicId, fromUserId = from.Id, toUserId = to.Id, msgType = "text", content, clientMsgId }, from.Token);
}
