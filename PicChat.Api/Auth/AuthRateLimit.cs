using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PicChat.Api.Http;

namespace PicChat.Api.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on the anonymous endpoints (register, login), per client address. The
/// per-account limit on failed logins lives in the email's grain, so it holds across API instances.
/// </summary>
public static class AuthRateLimit
{
    public const string Policy = "auth";

    /// <summary>Configuration key for the attempts one client address may make per minute.</summary>
    public const string PerClientPerMinuteKey = "PicChat:Auth:AttemptsPerClientPerMinute";
    public const int DefaultPerClientPerMinute = 30;

    public static IServiceCollection AddAuthRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue(PerClientPerMinuteKey, DefaultPerClientPerMinute);
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                TimeSpan? wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null;
                return new ValueTask(ApiResponses.WriteErrorAsync(context.HttpContext, ApiError.RateLimited(), wait));
            };
        });
    }
}
