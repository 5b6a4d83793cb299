namespace PicChat.Benchmarks;

/// <summary>
/// A hot path of PicChat and the ceiling it is measured against, with the ratio it should reach
/// (<c>PicChat ÷ ceiling</c>, requests per second in the same run).
/// </summary>
public sealed record Scenario(string Name, HttpShape PicChat, Ceiling Ceiling, double Target);

/// <summary>What a scenario is compared with: a shape served by <see cref="Ceilings"/>, or bare JSON captured from PicChat.</summary>
public sealed record Ceiling(string Name, HttpShape? Shape, bool BareJson = false);

/// <summary>A scenario's two measurements.</summary>
public sealed record ScenarioResult(Scenario Scenario, LoadResult PicChat, LoadResult Ceiling)
{
    public double Ratio => Ceiling.RequestsPerSecond > 0 ? PicChat.RequestsPerSecond / Ceiling.RequestsPerSecond : 0;

    public bool MeetsTarget => Ratio >= Scenario.Target;
}

public static class Scenarios
{
    public static IReadOnlyList<Scenario> All(Seed seed)
    {
        var owner = seed.Owner;
        var friend = seed.Friend;
        var bareJson = new Ceiling("bare Kestrel, same JSON", null, BareJson: true);
        var page = new Ceiling("one-query page of 100", new HttpShape("GET", "/page"));
        var insert = new Ceiling("one insert+commit", new HttpShape("POST", "/insert-chat", "{}"));

        HttpShape Chat(long picId, User from, User to) => new("POST", "/chats/create-chat",
            $$"""{"picId":{{picId}},"fromUserId":{{from.Id}},"toUserId":{{to.Id}},"msgType":"text","content":"benchmark {n}"}""", from.Token);
        HttpShape Page(long picId, User reader) => new("GET", $"/chats/read-several-chat?picId={picId}&limit=100", Token: reader.Token);

        return
        [
            new("read-picture", new("GET", $"/pics/read-picture?picId={seed.QuietPicture}&userId={friend.Id}", Token: friend.Token), bareJson, 0.4),
            new("user-info-read", new("GET", $"/users/user-info-read?userId={friend.Id}", Token: owner.Token), bareJson, 0.4),
            new("read-chat", new("GET", $"/chats/read-chat?chatId={seed.SomeChatId}", Token: friend.Token), bareJson, 0.4),
            new("read-chat vs select", new("GET", $"/chats/read-chat?chatId={seed.SomeChatId}", Token: friend.Token),
                new("one primary-key select", new("GET", $"/select-chat?chatId={seed.SomeChatId}")), 1.0),
            new("read-several-chat 100 (owner)", Page(seed.SmallHistoryPicture, owner), page, 1.0),
            new("read-several-chat 100k (owner)", Page(seed.LargeHistoryPicture, owner), page, 1.0),
            new("read-several-chat 100k (friend)", Page(seed.LargeHistoryPicture, friend), page, 1.0),
            new("create-chat, one picture", Chat(seed.QuietPicture, owner, friend), insert, 1.5),
            new("create-chat, 64 pictures", Chat(0, owner, friend) with
            {
                Body = $$"""{"picId":{pic},"fromUserId":{{owner.Id}},"toUserId":{{friend.Id}},"msgType":"text","content":"benchmark {n}"}""",
                PicIds = seed.SpreadPictures,
            }, insert, 1.0),
            new("create-chat 100 (owner)", Chat(seed.SmallHistoryPicture, owner, friend), insert, 1.5),
            new("create-chat 100k (owner)", Chat(seed.LargeHistoryPicture, owner, friend), insert, 1.5),
            new("create-chat 100k (friend)", Chat(seed.LargeHistoryPicture, friend, owner), insert, 1.5),
            new("login", new("POST", "/users/user-login", $$"""{"email":"{{seed.LoginEmail}}","password":"{{seed.Password}}"}"""),
                new("raw PasswordHasher verification", new HttpShape("POST", "/verify", "{}")), 0.9),
        ];
    }
}
