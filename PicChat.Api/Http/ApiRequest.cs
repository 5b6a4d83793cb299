using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using PicChat.Abstractions;

namespace PicChat.Api.Http;

/// <summary>
/// The request's parameters, read once, in the one place that knows the wire rules: a JSON object body for
/// every method, plus the query string for GET and DELETE (the body wins when both name a member).
/// Every malformed parameter ends here as a 4xx <see cref="ApiException"/>, before any handler runs.
/// </summary>
public sealed class ApiRequest
{
    /// <summary>What reading a request can fail with; the OpenAPI document lists them for every endpoint.</summary>
    public static readonly IReadOnlyList<ApiErrorMetadata> Errors = [ApiErrorMetadata.Of<InvalidRequest>(), ApiErrorMetadata.Of<UnsupportedMediaType>()];

    private readonly Dictionary<string, JsonElement> _body;
    private readonly IQueryCollection? _query;

    private ApiRequest(Dictionary<string, JsonElement> body, IQueryCollection? query)
    {
        _body = body;
        _query = query;
    }

    /// <summary>Reads the body (checked to be a JSON object of valid text) and, for GET and DELETE, the query string.</summary>
    public static async ValueTask<ApiRequest> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        var query = HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method) ? request.Query : null;
        if (query is not null)
        {
            CheckText(query);
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return new ApiRequest(new Dictionary<string, JsonElement>(StringComparer.Ordinal), query);
        }

        if (!IsJson(request.ContentType))
        {
            throw new ApiException(new UnsupportedMediaType());
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            throw new ApiException(new InvalidRequest("The body is not valid JSON."));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ApiException(new InvalidRequest("The body must be a JSON object."));
        }

        if (ValidText.FindInvalidMember(document.RootElement) is { } invalid)
        {
            document.Dispose();
            throw InvalidText(invalid);
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            // Later duplicates win, as in JavaScript's JSON.parse. Clone so the pooled document can go.
            members[property.Name] = property.Value.Clone();
        }

        document.Dispose();
        return new ApiRequest(members, query);
    }

    /// <summary>The members of <typeparamref name="T"/>, read in its order (see <see cref="ApiParameters{TSelf}"/>).</summary>
    public T Read<T>() where T : ApiParameters<T>
    {
        var list = ApiParameterList.Of<T>();
        var values = new object?[list.Members.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Read(list.Members[i]);
        }

        return (T)list.Create(values);
    }

    private object? Read(ApiParameter member) => member.Kind switch
    {
        ApiParameterKind.Text => member.Required ? RequiredString(member.Name) : OptionalString(member.Name),
        ApiParameterKind.Id => member.Required ? RequiredId(member.Name) : OptionalId(member.Name),
        ApiParameterKind.User => member.Required ? RequiredUser(member.Name) : OptionalUser(member.Name),
        ApiParameterKind.Count => OptionalInt(member.Name, member.Minimum, member.Maximum, member.Default),
        _ => throw new NotSupportedException(member.Kind.ToString()),
    };

    /// <summary>A string member; null when absent or JSON null.</summary>
    private string? OptionalString(string name)
    {
        if (_body.TryGetValue(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => throw Invalid(name, "must be a string"),
            };
        }

        return _query is not null && _query.TryGetValue(name, out var values) ? values.ToString() : null;
    }

    private string RequiredString(string name) => OptionalString(name) ?? throw Missing(name);

    /// <summary>A positive id below 2^53, as a JSON number or a string of digits; null when absent.</summary>
    private long? OptionalId(string name)
    {
        if (_body.TryGetValue(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var id) => CheckId(name, id),
                JsonValueKind.Number => throw Invalid(name, "must be a positive integer below 2^53"),
                JsonValueKind.String => ParseId(name, value.GetString()!),
                JsonValueKind.Null => null,
                _ => throw Invalid(name, "must be a number"),
            };
        }

        return _query is not null && _query.TryGetValue(name, out var values) ? ParseId(name, values.ToString()) : null;
    }

    private long RequiredId(string name) => OptionalId(name) ?? throw Missing(name);

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>] (JSON number or digit string), or <paramref name="fallback"/> when absent.</summary>
    private int OptionalInt(string name, int min, int max, int fallback)
    {
        string? text;
        if (_body.TryGetValue(name, out var value))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetInt32(out var number):
                    return number >= min && number <= max ? number : throw Invalid(name, $"must be between {min} and {max}");
                case JsonValueKind.String:
                    text = value.GetString();
                    break;
                case JsonValueKind.Null:
                    return fallback;
                default:
                    throw Invalid(name, $"must be an integer between {min} and {max}");
            }
        }
        else if (_query is not null && _query.TryGetValue(name, out var values))
        {
            text = values.ToString();
        }
        else
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw Invalid(name, $"must be an integer between {min} and {max}");
    }

    /// <summary>A user reference, or null when the member is absent.</summary>
    private UserRef? OptionalUser(string name) => _body.TryGetValue(name, out var value)
        ? value.ValueKind == JsonValueKind.Null ? null : RequiredUser(name)
        : _query is not null && _query.ContainsKey(name) ? RequiredUser(name) : null;

    /// <summary>A user reference: an email (any string with '@', compared case-insensitively) or an id.</summary>
    private UserRef RequiredUser(string name)
    {
        if (_body.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return new UserRef(RequiredId(name), null);
        }

        var text = RequiredString(name).Trim();
        if (text.Contains('@'))
        {
            return new UserRef(null, UserRef.NormalizeEmail(text) ?? throw Invalid(name, "is not a valid email address"));
        }

        return new UserRef(ParseId(name, text), null);
    }

    private static long ParseId(string name, string text) =>
        text.Length is > 0 and <= 16 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? CheckId(name, id)
            : throw Invalid(name, "must be a positive integer below 2^53");

    private static long CheckId(string name, long id) =>
        id is > 0 and <= Limits.MaxId ? id : throw Invalid(name, "must be a positive integer below 2^53");

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static void CheckText(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (!ValidText.IsValid(name))
            {
                throw InvalidText("");
            }

            if (values.Any(value => value is not null && !ValidText.IsValid(value)))
            {
                throw InvalidText(name);
            }
        }
    }

    private static ApiException InvalidText(string name)
    {
        // The name is echoed back, so a 60 KB member name is cut (never inside a surrogate pair).
        var shown = name.Length <= 64 ? name : name[..(char.IsHighSurrogate(name[63]) ? 63 : 64)] + "...";
        return new(new InvalidRequest(name.Length == 0
            ? "A member name is not valid text: NUL characters, lone surrogates and invalid UTF-8 are refused."
            : $"'{shown}' is not valid text: NUL characters, lone surrogates and invalid UTF-8 are refused."));
    }

    private static ApiException Missing(string name) => new(new InvalidRequest($"'{name}' is required."));

    private static ApiException Invalid(string name, string problem) => new(new InvalidRequest($"'{name}' {problem}."));
}
