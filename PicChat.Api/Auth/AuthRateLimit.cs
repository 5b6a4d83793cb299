using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PicChat.Api.Http;

namespace PicChat.Api.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on registration, per client address: a generous cap on how many accounts one
/// client can create, counted per instance. Logins are not capped per address: failed logins have their own,
/// much tighter limits, shared by the cluster (<see cref="LoginThrottle"/>), and the password queue answers
/// overload with 503 (<see cref="Users.Passwords"/>).
/// </summary>
public static class AuthRateLimit
{
    public const string Policy = "auth";

    /// <summary>The rate limiter and <see cref="LoginThrottle"/>, both set by <see cref="AuthOptions"/>.</summary>
    public static IServiceCollection AddAuthRateLimit(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddSingleton<LoginThrottle>();
        services.AddRateLimiter(options => options.OnRejected = (context, _) =>
        {
            TimeSpan? wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null;
            return new ValueTask(new RateLimited { RetryAfter = wait }.ExecuteAsync(context.HttpContext));
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            var permits = auth.Value.AttemptsPerClientPerMinute;
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>
    /// The client's address as limits see it: IPv4 as is, IPv6 by its /64 (one subscriber usually holds a whole
    /// /64, so counting single IPv6 addresses would let anyone rotate past every limit).
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }
}
