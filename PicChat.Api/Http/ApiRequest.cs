using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using PicChat.Abstractions;

namespace PicChat.Api.Http;

/// <summary>
/// The request's parameters, read once, in the one place that knows the wire rules: a JSON object body for
/// every method, plus the query string for GET and DELETE (the body wins when both name a member).
/// Every malformed parameter ends here as a 4xx <see cref="Error"/>, before any handler runs.
/// </summary>
/// <remarks>
/// A refusal is a value, never an exception: invalid requests are what an attacker can send fastest, so
/// refusing one must cost no more than answering a valid one. Only the first problem found is reported.
/// </remarks>
public sealed class ApiRequest : IDisposable
{
    /// <summary>What reading a request can fail with; the OpenAPI document lists them for every endpoint.</summary>
    public static readonly IReadOnlyList<ApiErrorMetadata> Errors = [ApiErrorMetadata.Of<InvalidRequest>(), ApiErrorMetadata.Of<UnsupportedMediaType>()];

    private readonly JsonDocument? _document;
    private readonly Dictionary<string, JsonElement>? _body;
    private readonly IQueryCollection? _query;

    private ApiRequest(JsonDocument? document, Dictionary<string, JsonElement>? body, IQueryCollection? query, ApiErrorResult? error)
    {
        _document = document;
        _body = body;
        _query = query;
        Error = error;
    }

    /// <summary>Why the request is refused (the first problem found), or null while it is not.</summary>
    public ApiErrorResult? Error { get; private set; }

    /// <summary>
    /// Reads the body (checked to be a JSON object of valid text) and, for GET and DELETE, the query string.
    /// The answer holds the body's pooled document until it is disposed.
    /// </summary>
    public static async ValueTask<ApiRequest> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        var query = HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method) ? request.Query : null;
        if (query is not null && CheckText(query) is { } invalidQuery)
        {
            return Refused(invalidQuery);
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return new ApiRequest(null, null, query, null);
        }

        if (!IsJson(request.ContentType))
        {
            return Refused(new UnsupportedMediaType());
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Refused(new InvalidRequest("The body is not valid JSON."));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return Refused(new InvalidRequest("The body must be a JSON object."));
        }

        if (ValidText.FindInvalidMember(document.RootElement) is { } invalid)
        {
            document.Dispose();
            return Refused(InvalidText(invalid));
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            members[property.Name] = property.Value; // later duplicates win, as in JavaScript's JSON.parse
        }

        return new ApiRequest(document, members, query, null);
    }

    /// <summary>
    /// The members of <typeparamref name="T"/>, read in its order (see <see cref="ApiParameters{TSelf}"/>);
    /// null, with <see cref="Error"/> set, when one is missing or malformed.
    /// </summary>
    public T? Read<T>() where T : ApiParameters<T>
    {
        if (Error is not null)
        {
            return null;
        }

        var list = ApiParameterList.Of<T>();
        var values = new object?[list.Members.Count];
        for (var i = 0; i < values.Length && Error is null; i++)
        {
            values[i] = Read(list.Members[i]);
        }

        return Error is null ? (T)list.Create(values) : null;
    }

    public void Dispose() => _document?.Dispose();

    private static ApiRequest Refused(ApiErrorResult error) => new(null, null, null, error);

    private object? Read(ApiParameter member) => member.Kind switch
    {
        ApiParameterKind.Text => member.Required ? RequiredString(member.Name) : OptionalString(member.Name),
        ApiParameterKind.Id => member.Required ? RequiredId(member.Name) : OptionalId(member.Name),
        ApiParameterKind.User => member.Required ? RequiredUser(member.Name) : OptionalUser(member.Name),
        ApiParameterKind.Count => OptionalInt(member.Name, member.Minimum, member.Maximum, member.Default),
        _ => throw new NotSupportedException(member.Kind.ToString()),
    };

    /// <summary>Records the first problem; the value returned in its place is never used.</summary>
    private T? Refuse<T>(ApiErrorResult error)
    {
        Error ??= error;
        return default;
    }

    /// <summary>A string member; null when absent or JSON null.</summary>
    private string? OptionalString(string name)
    {
        if (TryGetMember(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => Refuse<string>(Invalid(name, "must be a string")),
            };
        }

        return _query is not null && _query.TryGetValue(name, out var values) ? values.ToString() : null;
    }

    /// <summary>A string member; null only when the request is refused (see <see cref="Error"/>).</summary>
    private string? RequiredString(string name) => OptionalString(name) ?? Refuse<string>(Missing(name));

    private bool TryGetMember(string name, out JsonElement value)
    {
        if (_body is not null)
        {
            return _body.TryGetValue(name, out value);
        }

        value = default;
        return false;
    }

    /// <summary>A positive id below 2^53, as a JSON number or a string of digits; null when absent.</summary>
    private long? OptionalId(string name)
    {
        if (TryGetMember(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var id) => CheckId(name, id),
                JsonValueKind.Number => Refuse<long?>(Invalid(name, "must be a positive integer below 2^53")),
                JsonValueKind.String => ParseId(name, value.GetString()!),
                JsonValueKind.Null => null,
                _ => Refuse<long?>(Invalid(name, "must be a number")),
            };
        }

        return _query is not null && _query.TryGetValue(name, out var values) ? ParseId(name, values.ToString()) : null;
    }

    private long RequiredId(string name) => OptionalId(name) ?? Refuse<long>(Missing(name));

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>] (JSON number or digit string), or <paramref name="fallback"/> when absent.</summary>
    private int OptionalInt(string name, int min, int max, int fallback)
    {
        string? text;
        if (TryGetMember(name, out var value))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetInt32(out var number):
                    return number >= min && number <= max ? number : Refuse<int>(Invalid(name, $"must be between {min} and {max}"));
                case JsonValueKind.String:
                    text = value.GetString();
                    break;
                case JsonValueKind.Null:
                    return fallback;
                default:
                    return Refuse<int>(Invalid(name, $"must be an integer between {min} and {max}"));
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
            : Refuse<int>(Invalid(name, $"must be an integer between {min} and {max}"));
    }

    /// <summary>A user reference, or null when the member is absent.</summary>
    private UserRef? OptionalUser(string name) => TryGetMember(name, out var value)
        ? value.ValueKind == JsonValueKind.Null ? null : RequiredUser(name)
        : _query is not null && _query.ContainsKey(name) ? RequiredUser(name) : null;

    /// <summary>A user reference: an email (any string with '@', compared case-insensitively) or an id.</summary>
    private UserRef RequiredUser(string name)
    {
        if (TryGetMember(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return new UserRef(RequiredId(name), null);
        }

        if (RequiredString(name)?.Trim() is not { } text)
        {
            return default;
        }

        if (text.Contains('@'))
        {
            return UserRef.NormalizeEmail(text) is { } email ? new UserRef(null, email) : Refuse<UserRef>(Invalid(name, "is not a valid email address"));
        }

        return new UserRef(ParseId(name, text), null);
    }

    private long ParseId(string name, string text) =>
        text.Length is > 0 and <= 16 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? CheckId(name, id)
            : Refuse<long>(Invalid(name, "must be a positive integer below 2^53"));

    private long CheckId(string name, long id) =>
        id is > 0 and <= Limits.MaxId ? id : Refuse<long>(Invalid(name, "must be a positive integer below 2^53"));

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

    private static InvalidRequest? CheckText(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (!ValidText.IsValid(name))
            {
                return InvalidText("");
            }

            foreach (var value in values)
            {
                if (value is not null && !ValidText.IsValid(value))
                {
                    return InvalidText(name);
                }
            }
        }

        return null;
    }

    private static InvalidRequest InvalidText(string name)
    {
        // The name is echoed back, so a 60 KB member name is cut (never inside a surrogate pair).
        var shown = name.Length <= 64 ? name : name[..(char.IsHighSurrogate(name[63]) ? 63 : 64)] + "...";
        return new(name.Length == 0
            ? "A member name is not valid text: NUL characters, lone surrogates and invalid UTF-8 are refused."
            : $"'{shown}' is not valid text: NUL characters, lone surrogates and invalid UTF-8 are refused.");
    }

    private static InvalidRequest Missing(string name) => new($"'{name}' is required.");

    private static InvalidRequest Invalid(string name, string problem) => new($"'{name}' {problem}.");
}
