using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PicChat.Api.Http;

namespace PicChat.Api.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on the anonymous endpoints (register, login), per client address: a generous
/// cap that stops one client from burning the API's CPU on password hashing. Failed logins have their own,
/// much tighter limits: <see cref="FailedLoginLimiter"/> per client, and the email's grain per account.
/// </summary>
public static class AuthRateLimit
{
    public const string Policy = "auth";

    /// <summary>Configuration key for the register/login requests one client address may make per minute.</summary>
    public const string PerClientPerMinuteKey = "PicChat:Auth:AttemptsPerClientPerMinute";
    public const int DefaultPerClientPerMinute = 120;

    public static IServiceCollection AddAuthRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue(PerClientPerMinuteKey, DefaultPerClientPerMinute);
        services.AddSingleton<FailedLoginLimiter>();
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                TimeSpan? wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null;
                return new ValueTask(ApiResponses.WriteErrorAsync(context.HttpContext, ApiError.RateLimited(), wait));
            };
        });
    }

    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>
/// Counts failed logins per client address (System.Threading.RateLimiting's partitioned fixed window): once a
/// client has used up its failures for the window, its logins are refused with 429 before any password check.
/// </summary>
public sealed class FailedLoginLimiter : IDisposable
{
    /// <summary>Configuration key for the failed logins one client address may have per window.</summary>
    public const string PerClientKey = "PicChat:Auth:FailedLoginsPerClient";
    public const int DefaultPerClient = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedLoginLimiter(IConfiguration configuration)
    {
        var permits = configuration.GetValue(PerClientKey, DefaultPerClient);
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0 }));
    }

    /// <summary>How long this client must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? GetLockout(string client)
    {
        // Asking for zero permits tells whether any are left without using one.
        using var lease = _limiter.AttemptAcquire(client, 0);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    public void RecordFailure(string client)
    {
        using var _ = _limiter.AttemptAcquire(client);
    }

    public void Dispose() => _limiter.Dispose();
}
