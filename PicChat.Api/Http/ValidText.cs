using System.Text.Json;

namespace PicChat.Api.Http;

/// <summary>
/// The contract's text rule, applied once to everything a request carries: no NUL (PostgreSQL's text cannot
/// hold it, so it would fail deep in storage), no lone surrogates and no invalid UTF-8 (System.Text.Json only
/// finds those when a string is read, which used to be deep inside a handler, as a 500).
/// </summary>
internal static class ValidText
{
    /// <summary>
    /// The name of the first top-level member whose name or value (at any depth) breaks the rule; "" when a
    /// member's own name is the culprit and cannot be shown; null when the body is clean.
    /// </summary>
    public static string? FindInvalidMember(JsonElement body)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!TryReadName(property, out var name))
            {
                return "";
            }

            if (!IsClean(property.Value))
            {
                return name;
            }
        }

        return null;
    }

    public static bool IsValid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsClean(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return TryRead(value, out var text) && IsValid(text);
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (!IsClean(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!TryReadName(property, out _) || !IsClean(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    // System.Text.Json reports invalid UTF-8 and unpaired surrogate escapes only when the text is decoded.
    private static bool TryRead(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return IsValid(name);
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
