using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using PicChat.Api.Http;

namespace PicChat.Api.Docs;

/// <summary>
/// Describes one operation from its endpoint's metadata: the parameters record the handler takes (a JSON body
/// for POST, the query string for GET and DELETE), who may call it, and every error it can answer with: the
/// handler's own (its result types), reading the request's (<see cref="ApiRequest.Errors"/>), the session's
/// (401 when it requires one), the rate limiter's (429 where it applies) and
/// <see cref="ErrorHandlingMiddleware"/>'s.
/// </summary>
internal static class OperationDocs
{
    private const string ErrorSchema = nameof(ErrorResponse);
    private const string AckErrorSchema = nameof(AckErrorResponse);

    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? HttpMethods.Get;
        var needsSession = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

        if (metadata.OfType<ApiParameterList>().FirstOrDefault() is { } parameters)
        {
            DescribeParameters(operation, parameters, method);
        }

        operation.Security = needsSession
            ?
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDocs.BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDocs.CookieScheme, context.Document)] = [] },
            ]
            : [new OpenApiSecurityRequirement()]; // an empty requirement: no session needed

        IEnumerable<ApiErrorMetadata> errors = metadata.OfType<ApiErrorMetadata>();
        if (needsSession)
        {
            errors = errors.Append(ApiErrorMetadata.Of<Unauthenticated>());
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            errors = errors.Append(ApiErrorMetadata.Of<RateLimited>());
        }

        var ack = metadata.OfType<AckMetadata>().Any();
        await EnsureSchemaAsync(context, ack ? AckErrorSchema : ErrorSchema, ack ? typeof(AckErrorResponse) : typeof(ErrorResponse), cancellationToken);
        foreach (var status in errors.Concat(ErrorHandlingMiddleware.ErrorsFor(method)).DistinctBy(e => (e.Status, e.Code)).GroupBy(e => e.Status).OrderBy(g => g.Key))
        {
            operation.Responses ??= [];
            operation.Responses[status.Key.ToString(CultureInfo.InvariantCulture)] = ErrorResponse(status.ToArray(), ack, context.Document!);
        }
    }

    /// <summary>
    /// POST takes its parameters as a JSON body. GET and DELETE are described with query parameters only: a
    /// browser's <c>fetch</c> cannot send a GET body, and generators make every body a required argument. The
    /// body they also accept (<see cref="ApiRequest"/>) is said in the operation's description.
    /// </summary>
    private static void DescribeParameters(OpenApiOperation operation, ApiParameterList parameters, string method)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsDelete(method))
        {
            DescribeQuery(operation, parameters);
            return;
        }

        var body = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
        var example = new JsonObject();
        foreach (var member in parameters.Members)
        {
            body.Properties[member.Name] = ParameterSchemas.ForBody(member, nullable: !member.Required, ParameterSchemas.Describe(member));
            if (member.Required)
            {
                body.Required.Add(member.Name);
            }

            example[member.Name] = member.Example is null ? null : JsonValue.Create(member.Example);
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Description = parameters.Members.Count == 0 ? "No parameters; a body, if sent, must be a JSON object." : "The parameters, as a JSON object.",
            Required = parameters.Members.Any(m => m.Required),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = body, Example = parameters.Members.Count == 0 ? null : example },
            },
        };
    }

    private static void DescribeQuery(OpenApiOperation operation, ApiParameterList parameters)
    {
        operation.Parameters ??= [];
        foreach (var member in parameters.Members)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = member.Name,
                In = ParameterLocation.Query,
                Required = member.Required,
                Description = ParameterSchemas.Describe(member),
                Schema = ParameterSchemas.ForQuery(member),
                Example = ParameterSchemas.QueryExample(member),
            });
        }

        if (parameters.Members.Count > 0)
        {
            operation.Description += "\n\nThe parameters may instead be sent as a JSON object in the body (`Content-Type: application/json`), "
                + "as for POST; a member in the body wins over the same query parameter.";
        }
    }

    private static OpenApiResponse ErrorResponse(IReadOnlyList<ApiErrorMetadata> errors, bool ack, OpenApiDocument document)
    {
        var examples = new Dictionary<string, IOpenApiExample>();
        foreach (var error in errors)
        {
            var err = new JsonObject { ["code"] = error.Code, ["message"] = error.Meaning };
            examples[error.Code] = new OpenApiExample
            {
                Summary = error.Code,
                Value = ack ? new JsonObject { ["ack"] = false, ["err"] = err } : new JsonObject { ["err"] = err },
            };
        }

        return new OpenApiResponse
        {
            Description = string.Join("\n", errors.Select(e => $"- `{e.Code}`: {e.Meaning}")),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchemaReference(ack ? AckErrorSchema : ErrorSchema, document),
                    Examples = examples,
                },
            },
        };
    }

    /// <summary>The error bodies are the records <see cref="ApiResponses"/> writes, described once in the components.</summary>
    private static async Task EnsureSchemaAsync(OpenApiOperationTransformerContext context, string name, Type type, CancellationToken cancellationToken)
    {
        if (context.Document!.Components?.Schemas?.ContainsKey(name) != true)
        {
            context.Document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }
    }
}
