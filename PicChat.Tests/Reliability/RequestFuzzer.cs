using System.Text;
using System.Text.Json.Nodes;

namespace PicChat.Tests.Reliability;

/// <summary>
/// What the fuzzer may refer to: the endpoints, real users, a picture and a chat to aim at. Sessions that can end
/// sessions (logout, password change, destroy) come from <see cref="Expendable"/>, so most requests keep a live one.
/// </summary>
public sealed record FuzzTargets(
    IReadOnlyList<OpenApiEndpoint> Endpoints,
    IReadOnlyList<(long Id, string Token, string Email)> Users,
    IReadOnlyList<(long Id, string Token, string Email)> Expendable,
    long PicId,
    long ChatId);

/// <summary>One generated request: everything needed to send it, over HttpClient or (Raw) over a bare socket.</summary>
public sealed record FuzzRequest(string Method, string Target, string? ContentType, byte[]? Body, string? Authorization, string? Cookie, byte[]? Raw)
{
    public string Describe() =>
        Raw is not null
            ? $"raw {Encoding.Latin1.GetString(Raw[..Math.Min(Raw.Length, 160)])}"
            : $"{Method} {Cut(Target)} [{ContentType}] auth={Cut(Authorization ?? "-")} body={(Body is null ? "-" : Cut(Encoding.Latin1.GetString(Body)))}";

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + $"...({text.Length} chars)";
}

/// <summary>
/// Hostile and careless requests, all from one seeded <see cref="Random"/>, so any request can be made again
/// from its seed: wrong types, missing and extra members, huge and deeply nested JSON, invalid UTF-8, NUL and
/// lone surrogates in values and member names, boundary numbers, injection strings, wrong methods and content
/// types, oversized bodies and URLs, malformed request lines.
/// </summary>
public sealed class RequestFuzzer(Random random, FuzzTargets targets)
{
    private static readonly string[] Methods = ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=utf-16",
        "application/merge-patch+json", "multipart/form-data; boundary=x", "a/b/c", "application/json;;;",
    ];

    // As JSON string contents (escapes included) or, for the raw ones, bytes that are not UTF-8 at all.
    private static readonly string[] NastyStrings =
    [
        "", " ", "\\u0000", "a\\u0000b", "\\ud800", "\\udc00", "\\udbff\\udfff", "\\ud83d\\ude00", "' OR 1=1 --", "\\\"; DROP TABLE picchat_chats; --",
        "<script>alert(1)</script>", "javascript:alert(1)", "data:text/html,x", "../../../etc/passwd", "${jndi:ldap://x/a}",
        "%00", "%ff", "\\r\\nSet-Cookie: x=y", "\\u202e\\u0631", "NaN", "Infinity", "-0", "1e309", "0x10", "1,2",
        "9007199254740992", "9007199254740991", "-9223372036854775808", "@", "a@b", "x@example.com", "1@", "http://", "https://a.b/c",
        "//evil.example/x", "\\\\\\\\server\\\\share", "ftp://x/y", "text", "voice", "\\t\\n", "\\u001f",
    ];

    private static readonly string[] NastyNumbers =
    [
        "0", "-1", "1", "2", "1.5", "-0", "1e3", "1E308", "9007199254740991", "9007199254740992", "18446744073709551616",
        "99999999999999999999999999999999", "-9007199254740993", "2147483648", "0.0000001", "1000", "1001",
    ];

    private static readonly byte[][] BadUtf8 = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];

    public FuzzRequest Next()
    {
        if (random.Next(100) < 3)
        {
            return RawRequest();
        }

        var endpoint = targets.Endpoints[random.Next(targets.Endpoints.Count)];
        var method = random.Next(100) < 85 ? endpoint.Method : Methods[random.Next(Methods.Length)];
        var target = endpoint.Path + Query(endpoint);
        var (contentType, body) = Body(endpoint);
        var (authorization, cookie) = Credentials(endpoint.Path is "/users/user-logout" or "/users/user-password-update" or "/users/user-destroy"
            ? targets.Expendable : targets.Users);
        return new FuzzRequest(method, target, contentType, body, authorization, cookie, null);
    }

    private string Query(OpenApiEndpoint endpoint)
    {
        switch (random.Next(10))
        {
            case < 5:
                return "";
            case 5:
                return "?" + new string('q', random.Next(8_000, 12_000)) + "=1";
            case 6:
                return "?" + string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Pick(["%00", "%ff", "%", "%zz", "a%00b", "userId"])}={Pick(["%00", "%ff", "%C0%AF", "%ED%A0%80", "1", "", "x%00"])}"));
            default:
                var names = endpoint.Parameters.Count > 0 && random.Next(4) > 0 ? endpoint.Parameters : ["zz", "userId", "picId"];
                return "?" + string.Join('&', names.Where(_ => random.Next(3) > 0)
                    .Select(n => Uri.EscapeDataString(n) + "=" + Escape(QueryValue(n))));
        }
    }

    private string QueryValue(string name) => random.Next(4) switch
    {
        0 => RealValue(name)?.ToString() ?? "1",
        1 => Pick(NastyNumbers),
        2 => Unescape(Pick(NastyStrings)),
        _ => new string((char)random.Next(0x20, 0x2FFF), random.Next(0, 40)),
    };

    private (string? ContentType, byte[]? Body) Body(OpenApiEndpoint endpoint)
    {
        var contentType = random.Next(100) switch
        {
            < 80 => "application/json",
            < 85 => null,
            _ => Pick(ContentTypes),
        };

        var body = random.Next(100) switch
        {
            < 55 => ObjectBody(endpoint),
            < 62 => Deep(random.Next(2, 400)),
            < 68 => Truncate(ObjectBody(endpoint)),
            < 73 => RandomBytes(random.Next(0, 300)),
            < 77 => Utf8($"{{\"email\":\"{new string('x', random.Next(60_000, 80_000))}\"}}"),
            < 81 => Utf8(Pick(["1", "\"text\"", "[]", "[1,2,3]", "null", "true", "{}", "{\"a\":1}{\"b\":2}"])),
            < 85 => Utf8("[" + string.Join(',', Enumerable.Range(0, random.Next(1, 12_000)).Select(i => i)) + "]"),
            < 90 => null,
            _ => Utf8("{" + string.Join(',', Enumerable.Range(0, random.Next(1, 3_000)).Select(i => $"\"k{i}\":{i}")) + "}"),
        };

        return (contentType, body);
    }

    /// <summary>The endpoint's own members, some mutated, some missing, plus strange extra members.</summary>
    private byte[] ObjectBody(OpenApiEndpoint endpoint)
    {
        var members = new List<(byte[] Name, byte[] Value)>();
        foreach (var name in endpoint.Parameters)
        {
            if (random.Next(10) == 0)
            {
                continue;
            }

            var real = RealValue(name) ?? endpoint.Example[name];
            members.Add((Utf8(Quote(name)), random.Next(2) == 0 && real is not null ? Utf8(real.ToJsonString()) : Value(depth: 0)));
        }

        for (var extra = random.Next(4) == 0 ? random.Next(1, 4) : 0; extra > 0; extra--)
        {
            members.Add((Name(), Value(depth: 0)));
        }

        if (members.Count > 0 && random.Next(10) == 0)
        {
            members.Add(members[random.Next(members.Count)]);
        }

        var body = new List<byte> { (byte)'{' };
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0) body.Add((byte)',');
            body.AddRange(members[i].Name);
            body.Add((byte)':');
            body.AddRange(members[i].Value);
        }

        body.Add((byte)'}');
        return [.. body];
    }

    private JsonNode? RealValue(string name)
    {
        var (id, _, email) = targets.Users[random.Next(targets.Users.Count)];
        return name switch
        {
            "userId" or "friendId" or "fromUserId" or "toUserId" or "ownerId" => random.Next(2) == 0 ? JsonValue.Create(id) : JsonValue.Create(email),
            "email" => JsonValue.Create(random.Next(2) == 0 ? email : $"fuzz-{random.Next()}@example.com"),
            "password" or "oldPassword" or "newPassword" => JsonValue.Create(random.Next(3) == 0 ? "123456" : "wrong-" + random.Next()),
            "picId" => JsonValue.Create(targets.PicId),
            "chatId" or "before" or "after" => JsonValue.Create(targets.ChatId),
            "msgType" => JsonValue.Create(Pick(["text", "voice", "image", ""])),
            "content" => JsonValue.Create("fuzz " + random.Next()),
            "voiceUrl" or "avatar" or "picUrl" => JsonValue.Create(Pick(["https://a.example.com/x", "x/y/z", "javascript:1", ""])),
            "limit" => JsonValue.Create(Pick([0, 1, 100, 1000, 1001, -5])),
            _ => null,
        };
    }

    private byte[] Value(int depth)
    {
        switch (random.Next(depth > 3 ? 6 : 9))
        {
            case 0: return Utf8(Pick(NastyNumbers));
            case 1: return Utf8(Quote(Pick(NastyStrings)));
            case 2: return [(byte)'"', .. Utf8("x"), .. Pick(BadUtf8), (byte)'"'];
            case 3: return Utf8(Pick(["true", "false", "null"]));
            case 4: return Utf8(Quote(new string('s', random.Next(1, 5_000))));
            case 5: return Utf8(Quote(RandomUnicode(random.Next(1, 30))));
            case 6: return [(byte)'[', .. Join(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(depth + 1))), (byte)']'];
            case 7: return [(byte)'{', .. Join(Enumerable.Range(0, random.Next(0, 3)).Select(_ => (byte[])[.. Name(), (byte)':', .. Value(depth + 1)])), (byte)'}'];
            default: return Deep(random.Next(10, 200));
        }
    }

    private byte[] Name() => random.Next(6) switch
    {
        0 => Utf8(Quote(Pick(["a\\u0000b", "\\ud800", "\\udc00", "", "__proto__", "constructor", "userId", "USERID", " userId"]))),
        1 => [(byte)'"', .. Pick(BadUtf8), (byte)'"'],
        2 => Utf8(Quote(new string('n', random.Next(100, 3_000)))),
        _ => Utf8(Quote(RandomUnicode(random.Next(1, 12)))),
    };

    private byte[] Deep(int depth) => random.Next(2) == 0
        ? Utf8(new string('[', depth) + new string(']', depth))
        : Utf8(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));

    private byte[] Truncate(byte[] body) => body[..random.Next(0, body.Length)];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private (string? Authorization, string? Cookie) Credentials(IReadOnlyList<(long Id, string Token, string Email)> users)
    {
        var user = users[random.Next(users.Count)];
        return random.Next(10) switch
        {
            < 6 => ($"Bearer {user.Token}", null),
            6 => (null, null),
            7 => (Pick([$"Bearer {user.Token}x", "Bearer ", "Bearer 1.abc", "Basic YTpi", $"Bearer {user.Id}.{new string('A', 43)}", "Bearer 99999999999999999.x"]), null),
            8 => (null, $"picchat_session={Pick([user.Token, "garbage", "%00", "1." + new string('z', 43)])}"),
            _ => ($"Bearer {users[random.Next(users.Count)].Token}", null),
        };
    }

    /// <summary>Requests no HTTP client would send: the web server itself has to turn them away.</summary>
    private FuzzRequest RawRequest()
    {
        var path = targets.Endpoints[random.Next(targets.Endpoints.Count)].Path;
        byte[] raw = random.Next(6) switch
        {
            0 => [.. Utf8($"GET {path}"), .. Pick(BadUtf8), .. Utf8(" HTTP/1.1\r\nHost: x\r\n\r\n")],
            1 => Utf8($"GET {path}?{new string('a', random.Next(9_000, 20_000))} HTTP/1.1\r\nHost: x\r\n\r\n"),
            2 => Utf8($"GET {path}%00 HTTP/1.1\r\nHost: x\r\n\r\n"),
            3 => Utf8($"GET {path} HTTP/{Pick(["2.5", "1.2", "0.8", "x"])}\r\nHost: x\r\n\r\n"),
            4 => Utf8($"GET {path} HTTP/1.1\r\nHost: x\r\nX-Big: {new string('h', random.Next(33_000, 40_000))}\r\n\r\n"),
            _ => [.. Utf8($"GET {path} HTTP/1.1\r\nHost: x\r\nX-Bad: a"), 0x00, .. Utf8("b\r\n\r\n")],
        };
        return new FuzzRequest("RAW", path, null, null, null, null, raw);
    }

    private string RandomUnicode(int length)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var code = random.Next(3) switch { 0 => random.Next(0x20, 0x7F), 1 => random.Next(0xA0, 0xD7FF), _ => random.Next(0xE000, 0xFFFD) };
            if (code is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append((char)code);
        }

        return builder.ToString();
    }

    private static IEnumerable<byte> Join(IEnumerable<byte[]> parts)
    {
        var first = true;
        foreach (var part in parts)
        {
            if (!first) yield return (byte)',';
            first = false;
            foreach (var b in part) yield return b;
        }
    }

    /// <summary>Percent-encodes as UTF-8; a lone surrogate (which UTF-8 cannot hold) goes out as its invalid 3-byte form.</summary>
    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]) && !(char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
            {
                builder.Append($"%{0xE0 | (value[i] >> 12):X2}%{0x80 | ((value[i] >> 6) & 0x3F):X2}%{0x80 | (value[i] & 0x3F):X2}");
            }
            else if (char.IsHighSurrogate(value[i]))
            {
                builder.Append(Uri.EscapeDataString(value.Substring(i++, 2)));
            }
            else
            {
                builder.Append(Uri.EscapeDataString(value[i].ToString()));
            }
        }

        return builder.ToString();
    }

    private static string Quote(string jsonContent) => "\"" + jsonContent + "\"";

    private static string Unescape(string jsonContent)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string>(Quote(jsonContent)) ?? "";
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return jsonContent;
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
