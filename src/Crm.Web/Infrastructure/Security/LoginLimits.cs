using System.Globalization;
using System.Threading.RateLimiting;
using Crm.Domain.Resources;
using Microsoft.AspNetCore.RateLimiting;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// How fast anyone may try to sign in (decision 0030; Crm:LoginLimits). Per client address: the rate limiting
/// middleware, before the body is read. Per account: <see cref="AccountLoginLimiter"/>, checked by the login use case
/// once it knows the user name, so that guesses from many addresses at one account are slowed too. Both answer 429
/// with Retry-After. The lockout after five wrong passwords stays the last line.
/// </summary>
public sealed class LoginLimits
{
    public const string Policy = "login";

    /// <summary>Attempts per minute from one client address: a whole office behind one NAT signing in at nine stays well below.</summary>
    public int PerIpPerMinute { get; set; } = 30;

    /// <summary>Attempts per minute at one account, from anywhere.</summary>
    public int PerAccountPerMinute { get; set; } = 10;

    public static SlidingWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
    };

}

/// <summary>Registers <see cref="LoginLimits"/> and answers a refusal.</summary>
public static class LoginLimitsSetup
{
    public static IServiceCollection AddLoginLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Crm:LoginLimits").Get<LoginLimits>() ?? new LoginLimits();
        services.AddSingleton(limits);
        services.AddSingleton<AccountLoginLimiter>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(LoginLimits.Policy, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => LoginLimits.PerMinute(limits.PerIpPerMinute)));
            options.OnRejected = (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return new ValueTask(WriteTooManyAsync(context.HttpContext, retryAfter));
            };
        });
        return services;
    }

    public static Task WriteTooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        return ApiExceptionHandler.WriteAsync(context, StatusCodes.Status429TooManyRequests, Messages.Format("TooManyRequests", seconds));
    }
}

/// <summary>Too many attempts: answered 429 with Retry-After.</summary>
public sealed class TooManyAttemptsException(TimeSpan retryAfter) : Exception("Too many attempts.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The per-account half of <see cref="LoginLimits"/>: one sliding window per (normalised) user name.</summary>
public sealed class AccountLoginLimiter(LoginLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        name => RateLimitPartition.GetSlidingWindowLimiter(name, _ => LoginLimits.PerMinute(limits.PerAccountPerMinute)));

    /// <summary>Takes one attempt for the account or throws <see cref="TooManyAttemptsException"/>.</summary>
    public void Take(string normalizedUsername)
    {
        using var lease = _limiter.AttemptAcquire(normalizedUsername);
        if (!lease.IsAcquired)
        {
            throw new TooManyAttemptsException(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
        }
    }

    public void Dispose() => _limiter.Dispose();
}
