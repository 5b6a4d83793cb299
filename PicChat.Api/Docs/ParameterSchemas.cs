using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PicChat.Api.Http;

namespace PicChat.Api.Docs;

/// <summary>
/// How each kind of parameter looks on the wire, as <see cref="ApiRequest"/> reads it: ids and counts as JSON
/// numbers or digit strings, user references as an email or an id. Optional members may also be JSON null in
/// the body.
/// </summary>
internal static class ParameterSchemas
{
    private static readonly string MaxId = ApiRequest.MaxId.ToString(CultureInfo.InvariantCulture);

    public static IOpenApiSchema For(ApiParameter member, bool nullable, string? description)
    {
        var schema = member.Kind switch
        {
            ApiParameterKind.Text => new OpenApiSchema { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String },
            ApiParameterKind.Id => AnyOf(nullable, PositiveInteger(), new() { Type = JsonSchemaType.String, Pattern = "^[0-9]{1,16}$" }),
            ApiParameterKind.User => AnyOf(nullable, PositiveInteger(), new() { Type = JsonSchemaType.String, MinLength = 1 }),
            ApiParameterKind.Count => AnyOf(nullable,
                new() { Type = JsonSchemaType.Integer, Minimum = Invariant(member.Minimum), Maximum = Invariant(member.Maximum) },
                new() { Type = JsonSchemaType.String, Pattern = "^[+-]?[0-9]+$" }),
            _ => throw new NotSupportedException(member.Kind.ToString()),
        };
        schema.Description = description;
        if (member.Kind == ApiParameterKind.Count)
        {
            schema.Default = JsonValue.Create(member.Default);
        }

        return schema;
    }

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

    private static OpenApiSchema PositiveInteger() =>
        new() { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = MaxId };

    private static OpenApiSchema AnyOf(bool nullable, params OpenApiSchema[] schemas) => new()
    {
        AnyOf = [.. schemas, .. nullable ? new[] { new OpenApiSchema { Type = JsonSchemaType.Null } } : []],
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
