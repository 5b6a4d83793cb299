// The program GeneratedClientTests builds beside a client Kiota generated from /openapi/v1.json (not compiled
// into PicChat.Tests): what a new user of the API would write, using only the generated code. Argument: the
// API's base URL. It prints one line per step and exits with 0 when every step answered as docs/api.md says.
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using PicChat.Client;
using PicChat.Client.Models;
using PicChat.Client.Users.UserRegister;

try
{
    var baseUrl = args[0];
    var run = Guid.NewGuid().ToString("N")[..12];
    var (aliceId, alice) = await RegisterAsync(baseUrl, $"alice-{run}@example.com");
    var bobEmail = $"bob-{run}@example.com";
    var (bobId, bob) = await RegisterAsync(baseUrl, bobEmail);
    Step("register", aliceId > 0 && bobId > 0 && aliceId != bobId);

    // A user reference is an email or an id: the composed type carries either.
    await alice.Friends.CreateFriend.PostAsync(new() { UserId = new() { Int64 = aliceId }, FriendId = new() { String = bobEmail }, NickName = "Bob" });
    await bob.Friends.CreateFriend.PostAsync(new() { UserId = new() { Int64 = bobId }, FriendId = new() { Int64 = aliceId } });
    var friends = await alice.Friends.ReadFriendList.GetAsync(r => r.QueryParameters.UserId = aliceId.ToString());
    Step("befriend", friends?.Friends is [{ UserId: var friendId, NickName: "Bob" }] && friendId == bobId);

    var picture = await alice.Pics.CreatePicture.PostAsync(new() { UserId = new() { Int64 = aliceId }, PicUrl = "https://example.com/cat.jpg" });
    var picId = picture?.PicId ?? 0;
    var seen = await bob.Pics.ReadPicture.GetAsync(r => { r.QueryParameters.UserId = bobId.ToString(); r.QueryParameters.PicId = picId; });
    Step("create a picture", picture?.Ack == true && picId > 0 && seen?.OwnerId == aliceId && seen.PicUrl == "https://example.com/cat.jpg");

    var sent = new List<long>();
    foreach (var (from, fromId, to, text) in new[] { (alice, aliceId, bobId, "look at this"), (bob, bobId, aliceId, "nice cat"), (alice, aliceId, bobId, "isn't it") })
    {
        var chat = await from.Chats.CreateChat.PostAsync(new()
        {
            PicId = new() { Int64 = picId }, FromUserId = new() { Int64 = fromId }, ToUserId = new() { Int64 = to }, MsgType = "text", Content = text,
        });
        sent.Add(chat?.ChatId ?? 0);
    }

    Step("chat", sent.All(id => id > 0) && sent.Distinct().Count() == 3);

    // Pages: the newest two, then the one before them; oldest first within a page.
    var newest = await bob.Chats.ReadSeveralChat.GetAsync(r => { r.QueryParameters.PicId = picId; r.QueryParameters.Limit = 2; });
    var older = await bob.Chats.ReadSeveralChat.GetAsync(r =>
    {
        r.QueryParameters.PicId = picId;
        r.QueryParameters.Limit = 2;
        r.QueryParameters.Before = newest?.NextBefore;
    });
    var paged = (older?.Chats ?? []).Concat(newest?.Chats ?? []).Select(c => c.ChatId ?? 0).ToList();
    Step("page", newest?.NextBefore is not null && older?.NextBefore is null && paged.SequenceEqual(sent));

    var read = await alice.Chats.ReadChat.GetAsync(r => r.QueryParameters.ChatId = sent[1]);
    var user = await alice.Users.UserInfoRead.GetAsync(r => r.QueryParameters.UserId = bobEmail);
    Step("read", read is { FromUserId: var sender, Content: "nice cat" } && sender == bobId && user?.User?.UserId == bobId);

    // Ids reach 2^53 - 1: the generated client carries one (a 32-bit id could not), and the answer is the
    // documented error, raised as the generated error type.
    var unknown = await ErrorCodeAsync(() => alice.Pics.ReadPicture.GetAsync(r =>
    {
        r.QueryParameters.UserId = aliceId.ToString();
        r.QueryParameters.PicId = 9_007_199_254_740_991;
    }));
    Step("a 53-bit id", unknown == (404, "picture_not_found"));

    await alice.Chats.DeleteChat.DeleteAsync(r => r.QueryParameters.ChatId = sent[0]);
    var deleted = await ErrorCodeAsync(() => bob.Chats.ReadChat.GetAsync(r => r.QueryParameters.ChatId = sent[0]));
    Step("delete", deleted == (404, "chat_not_found"));

    Console.WriteLine("scenario passed");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"scenario failed: {ex}");
    return 1;
}

static async Task<(long Id, PicChatClient Client)> RegisterAsync(string baseUrl, string email)
{
    var session = await Client(baseUrl, token: null).Users.UserRegister.PostAsync(new UserRegisterPostRequestBody { Email = email, Password = "123456" });
    return (session?.UserId ?? 0, Client(baseUrl, session?.Token));
}

static PicChatClient Client(string baseUrl, string? token)
{
    IAuthenticationProvider authentication = token is null
        ? new AnonymousAuthenticationProvider()
        : new BaseBearerTokenAuthenticationProvider(new Token(token));
    return new PicChatClient(new HttpClientRequestAdapter(authentication) { BaseUrl = baseUrl });
}

static async Task<(int Status, string? Code)> ErrorCodeAsync(Func<Task> call)
{
    try
    {
        await call();
        return (200, null);
    }
    catch (AckErrorResponse error)
    {
        return (error.ResponseStatusCode, error.Err?.Code);
    }
}

static void Step(string name, bool passed)
{
    if (!passed)
    {
        throw new InvalidOperationException($"step '{name}' did not answer as documented");
    }

    Console.WriteLine($"ok: {name}");
}

/// <summary>The session token every request carries as <c>Authorization: Bearer</c>.</summary>
internal sealed class Token(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default) => Task.FromResult(token);
}
