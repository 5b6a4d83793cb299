using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PicChat.Abstractions;
using PicChat.Api.Http;

namespace PicChat.Api.Docs;

/// <summary>
/// How each kind of parameter looks on the wire, as <see cref="ApiRequest"/> reads it: ids and counts as JSON
/// numbers or digit strings in a body (in the query string, where everything is text, as an integer), user
/// references as an email or an id. Optional members may also be JSON null in the body.
/// </summary>
internal static class ParameterSchemas
{
    private static readonly string MaxId = Limits.MaxId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A member of a JSON body: ids and counts as numbers or digit strings, optional members also null.</summary>
    public static IOpenApiSchema ForBody(ApiParameter member, bool nullable, string? description)
    {
        var schema = member.Kind switch
        {
            ApiParameterKind.Text => new OpenApiSchema { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String },
            ApiParameterKind.Id => AnyOf(nullable, Id(), new() { Type = JsonSchemaType.String, Pattern = "^[0-9]{1,16}$" }),
            ApiParameterKind.User => AnyOf(nullable, Id(), new() { Type = JsonSchemaType.String, MinLength = 1 }),
            ApiParameterKind.Count => AnyOf(nullable, Count(member), new() { Type = JsonSchemaType.String, Pattern = "^[+-]?[0-9]+$" }),
            _ => throw new NotSupportedException(member.Kind.ToString()),
        };
        schema.Description = description;
        if (member.Kind == ApiParameterKind.Count)
        {
            schema.Default = JsonValue.Create(member.Default);
        }

        return schema;
    }

    /// <summary>
    /// A query parameter, which is text whatever it holds, so one type says it: "a number or a digit string"
    /// is the same characters there. An id is an <c>int64</c> (a generator would make a plain integer 32 bits);
    /// a user reference is a string, since an email is one and an id is written the same way.
    /// </summary>
    public static IOpenApiSchema ForQuery(ApiParameter member)
    {
        var schema = member.Kind switch
        {
            ApiParameterKind.Text => new OpenApiSchema { Type = JsonSchemaType.String },
            ApiParameterKind.Id => Id(),
            ApiParameterKind.User => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
            ApiParameterKind.Count => Count(member),
            _ => throw new NotSupportedException(member.Kind.ToString()),
        };
        if (member.Kind == ApiParameterKind.Count)
        {
            schema.Default = JsonValue.Create(member.Default);
        }

        return schema;
    }

    /// <summary>The member's example as its query schema types it (a user given by id is the id's digits).</summary>
    public static JsonNode? QueryExample(ApiParameter member) => member.Example switch
    {
        null => null,
        var example when member.Kind == ApiParameterKind.User => JsonValue.Create(Convert.ToString(example, CultureInfo.InvariantCulture)),
        var example => JsonValue.Create(example),
    };

    public static string Describe(ApiParameter member)
    {
        var kind = member.Kind switch
        {
            ApiParameterKind.User => "A user: an email (case-insensitive) or a numeric id (a number or a string of digits).",
            ApiParameterKind.Id => "A positive integer below 2^53, as a number or a string of digits.",
            ApiParameterKind.Count => $"An integer from {member.Minimum} to {member.Maximum} (default {member.Default}).",
            _ => null,
        };
        return string.Join(" ", new[] { member.Description, kind }.Where(text => text is not null));
    }

    // Ids reach 2^53 - 1, so they are 64-bit integers, not the 32-bit ones a bare "integer" becomes in clients.
    private static OpenApiSchema Id() =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1", Maximum = MaxId };

    private static OpenApiSchema Count(ApiParameter member) =>
        new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = Invariant(member.Minimum), Maximum = Invariant(member.Maximum) };

    private static OpenApiSchema AnyOf(bool nullable, params OpenApiSchema[] schemas) => new()
    {
        AnyOf = [.. schemas, .. nullable ? new[] { new OpenApiSchema { Type = JsonSchemaType.Null } } : []],
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
