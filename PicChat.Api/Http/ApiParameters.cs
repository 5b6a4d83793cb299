using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace PicChat.Api.Http;

/// <summary>
/// An endpoint's parameters as a record: the one declaration of them. A handler takes the record; it is read by
/// <see cref="ApiRequest"/> (the wire rules: JSON body, query string for GET and DELETE), and the OpenAPI
/// document describes the same members from the same record (<see cref="ApiParameterList"/>).
/// </summary>
/// <remarks>
/// Members are read in the record's order. Their types say how: <c>string</c> (text), <c>long</c> (an id:
/// a positive integer below 2^53, as a number or a digit string), <see cref="UserRef"/> (an email or an id) and
/// <c>int</c> with <see cref="RangeAttribute"/> and a default (a count, such as a page size). Nullable means
/// optional.
/// </remarks>
public abstract record ApiParameters<TSelf> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : ApiParameters<TSelf>
{
    /// <summary>
    /// The record, or null when the request is refused: the endpoint then answers 400 without running its handler,
    /// and <see cref="RequestRefusal"/> writes why.
    /// </summary>
    public static async ValueTask<TSelf?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        using var request = await ApiRequest.ReadAsync(context);
        if (request.Read<TSelf>() is { } parameters)
        {
            return parameters;
        }

        RequestRefusal.Set(context, request.Error!);
        return null;
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(ApiParameterList.Of<TSelf>());
        foreach (var error in ApiRequest.Errors)
        {
            builder.Metadata.Add(error);
        }
    }
}

/// <summary>An endpoint that takes no parameters; a body, if sent, must still be a JSON object.</summary>
public sealed record NoParameters : ApiParameters<NoParameters>;

/// <summary>An example value of a parameter, for the OpenAPI document (and the tests that read it).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ExampleAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}

public enum ApiParameterKind
{
    Text,
    Id,
    User,
    Count,
}

/// <summary>One member of an endpoint's parameters, as its record declares it.</summary>
public sealed record ApiParameter(
    string Name, ApiParameterKind Kind, bool Required, string? Description, object? Example, int Minimum = 0, int Maximum = 0, int Default = 0);

/// <summary>The members of a parameters record, in order, and how to build the record from their values.</summary>
public sealed class ApiParameterList
{
    private readonly ConstructorInvoker _create;

    private ApiParameterList(Type type)
    {
        var constructor = type.GetConstructors().Single();
        _create = ConstructorInvoker.Create(constructor);
        var nullability = new NullabilityInfoContext();
        Members = constructor.GetParameters().Select(parameter => Describe(parameter, nullability)).ToArray();
        Type = type;
    }

    public Type Type { get; }

    public IReadOnlyList<ApiParameter> Members { get; }

    public static ApiParameterList Of<T>() => Cache<T>.List;

    public object Create(Span<object?> values) => _create.Invoke(values);

    private static ApiParameter Describe(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
        var description = parameter.GetCustomAttribute<DescriptionAttribute>()?.Description;
        var example = parameter.GetCustomAttribute<ExampleAttribute>()?.Value;
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var required = Nullable.GetUnderlyingType(parameter.ParameterType) is null
            && nullability.Create(parameter).WriteState != NullabilityState.Nullable;

        if (type == typeof(int) && parameter.GetCustomAttribute<RangeAttribute>() is { } range && parameter.DefaultValue is int fallback)
        {
            return new(name, ApiParameterKind.Count, false, description, example, (int)range.Minimum, (int)range.Maximum, fallback);
        }

        var kind = type == typeof(string) ? ApiParameterKind.Text
            : type == typeof(long) ? ApiParameterKind.Id
            : type == typeof(UserRef) ? ApiParameterKind.User
            : throw new NotSupportedException($"{parameter.Member.DeclaringType!.Name}.{parameter.Name}: a parameter is text, an id, a user reference or a count with a range and a default.");
        return new(name, kind, required, description, example);
    }

    private static class Cache<T>
    {
        public static readonly ApiParameterList List = new(typeof(T));
    }
}
