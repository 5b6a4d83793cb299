using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PicChat.Api.Auth;
using Scalar.AspNetCore;

namespace PicChat.Api.Docs;

/// <summary>
/// The contract as an OpenAPI document (<c>/openapi/v1.json</c>) and an interactive reference (<c>/docs</c>).
/// Nothing in it is listed by hand a second time: operations come from the endpoints, their parameters from
/// the parameter records the handlers take, their errors from the handlers' result types and from what the
/// pipeline in front of them declares (<see cref="OperationDocs"/>), their security from their authorization
/// metadata, and the tags from the areas (<see cref="WithArea"/>).
/// </summary>
public static class OpenApiDocs
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "sessionCookie";

    public static IServiceCollection AddPicChatOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(DescribeDocument);
            options.AddOperationTransformer(OperationDocs.DescribeAsync);
            options.AddSchemaTransformer(NumbersAsWritten);
        });

    public static IEndpointRouteBuilder MapPicChatDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", options => options.WithTitle("PicChat API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }

    /// <summary>Tags the group's endpoints with the area's name, described in the document's tag list.</summary>
    public static RouteGroupBuilder WithArea(this RouteGroupBuilder group, string name, string description) =>
        group.WithTags(name).WithMetadata(new AreaMetadata(name, description));

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PicChat API",
            Version = "v1",
            Description = "Picture-centred chat: users share pictures with the people they add as friends and talk about them. "
                + "POST takes its parameters as a JSON object in the body; GET and DELETE take them in the query string (and also "
                + "accept them as a JSON body, as POST does). Every answer is a "
                + "JSON object with `err` (null on success, else `{code, message}`, with a meaningful HTTP status); `pics/*` and "
                + "`chats/*` answers also carry `ack`. Sessions come from user-register or user-login: send the token as "
                + "`Authorization: Bearer <token>`, or keep the `" + SessionTokens.CookieName + "` cookie.",
            Contact = new OpenApiContact { Name = "PicChat maintainers" },
            // The repository's LICENSE; an SPDX identifier, so no address has to be kept up to date.
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };

        // The generator names the server the request came in on, with a trailing slash that paths would double.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
            server.Description ??= "This instance.";
        }

        document.Tags = context.DescriptionGroups.SelectMany(group => group.Items)
            .SelectMany(description => description.ActionDescriptor.EndpointMetadata.OfType<AreaMetadata>())
            .DistinctBy(area => area.Name)
            .Select(area => new OpenApiTag { Name = area.Name, Description = area.Description })
            .ToHashSet();

        // What SessionAuthenticationHandler accepts: the bearer header first, else the cookie.
        document.AddComponent(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "opaque",
            Description = "The `token` answered by user-register, user-login or user-password-update, as `Authorization: Bearer <token>`.",
        });
        document.AddComponent(CookieScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionTokens.CookieName,
            Description = "The HttpOnly session cookie set by user-register, user-login and user-password-update; "
                + "used when no `Authorization: Bearer` header is sent.",
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The generated schemas are the answers' records (requests are described by <see cref="ParameterSchemas"/>).
    /// Their integers are written as JSON numbers; the generator also allows digit strings only because the web
    /// serializer settings would accept them when reading.
    /// </summary>
    private static Task NumbersAsWritten(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>An area of the contract (a tag of the document), with its description.</summary>
    private sealed record AreaMetadata(string Name, string Description);
}
