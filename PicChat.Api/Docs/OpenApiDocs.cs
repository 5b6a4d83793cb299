using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PicChat.Api.Http;
using Scalar.AspNetCore;

namespace PicChat.Api.Docs;

/// <summary>
/// The contract as an OpenAPI document (<c>/openapi/v1.json</c>) and an interactive reference (<c>/docs</c>).
/// Endpoints declare their parameters and failures with <see cref="Documented{TRequest}"/>; a transformer
/// turns that into request bodies (POST), query parameters (GET, DELETE), examples and error responses.
/// </summary>
public static class OpenApiDocs
{
    public static IServiceCollection AddPicChatOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PicChat API",
                    Version = "v1",
                    Description = "Picture-centred chat. Every response has `err` (null on success); `pics/*` and `chats/*` also carry `ack`. "
                        + "Sessions: `Authorization: Bearer <token>` or the `picchat_session` cookie, from user-register or user-login.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAsync);
        });

    public static IEndpointRouteBuilder MapPicChatDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", options => options.WithTitle("PicChat API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }

    /// <summary>Declares what an endpoint takes (with an example) and which errors it answers with.</summary>
    public static RouteHandlerBuilder Documented<TRequest>(this RouteHandlerBuilder endpoint, string summary, TRequest example, params int[] errors)
        where TRequest : class
    {
        endpoint.WithSummary(summary).WithMetadata(new RequestShape(typeof(TRequest), example));
        foreach (var status in errors.Concat([401, 413, 415, 429, 503, 504]).Distinct().Order())
        {
            endpoint.Produces<ErrorResponse>(status);
        }

        return endpoint;
    }

    private sealed record RequestShape(Type Type, object Example);

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestShape>().FirstOrDefault() is not { } shape)
        {
            return;
        }

        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var example = JsonSerializer.SerializeToNode(shape.Example, shape.Type, json);
        var schema = await context.GetOrCreateSchemaAsync(shape.Type, null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Description = "The parameters as a JSON object" + (IsQueryMethod(context) ? " (or in the query string; the body wins)." : "."),
            Required = false,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = schema, Example = example },
            },
        };

        if (IsQueryMethod(context))
        {
            operation.Parameters ??= [];
            foreach (var property in shape.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = json.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
                var propertySchema = await context.GetOrCreateSchemaAsync(property.PropertyType, null, cancellationToken);
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = Nullable.GetUnderlyingType(property.PropertyType) is null && !IsNullableReference(property),
                    Schema = propertySchema,
                    Example = example?[name]?.DeepClone(),
                });
            }
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status != "200" && response is OpenApiResponse described)
            {
                described.Description = ErrorMeaning(status);
            }
        }
    }

    private static bool IsQueryMethod(OpenApiOperationTransformerContext context) =>
        context.Description.HttpMethod is "GET" or "DELETE";

    private static bool IsNullableReference(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;

    private static string ErrorMeaning(string status) => status switch
    {
        "400" => "Bad input: `invalid_request`, or a field code (`weak_password`, `invalid_url`).",
        "401" => "`unauthenticated` (no or ended session) or `invalid_credentials`.",
        "403" => "`forbidden`: the acting user is not the session's user, or not allowed.",
        "404" => "Not found, or not visible to the caller: `user_not_found`, `friend_not_found`, `picture_not_found`, `chat_not_found`.",
        "409" => "Conflict: `email_taken`, `friend_exists`, `friend_limit_reached`.",
        "413" => "`payload_too_large`: the body is over 64 KiB.",
        "415" => "`unsupported_media_type`: the body is not JSON.",
        "429" => "`rate_limited`, with Retry-After.",
        "503" => "`unavailable`: storage or cluster unavailable; retry.",
        _ => "Error.",
    };
}
