using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>
/// The one check that keeps a signed-in user signed in: the API's bearer token, the UI's session cookie and
/// a live Blazor circuit all carry the user id and security stamp, and all re-read the user through
/// <see cref="RefreshAsync"/>. An inactive user or a changed stamp (password reset, deactivation) ends them all.
/// </summary>
public static class SessionCheck
{
    /// <summary>The default scheme: forwards to the bearer handler for the API and to the cookie for the UI.</summary>
    public const string SelectorScheme = "crm";

    public const string SubjectClaim = "sub";

    /// <summary>When the UI session ends (unix seconds): a circuit may live longer than the request that opened it.</summary>
    public const string ExpiresClaim = "session_expires";

    /// <summary>The UI session's row (<see cref="UiSession"/>): deleted at sign-out, checked on every request.</summary>
    public const string SessionIdClaim = "sid";

    /// <summary>
    /// /api always uses bearer tokens, even from a browser that holds the session cookie: the API has no
    /// antiforgery check, so a cookie must never authorize an API call (and API callers keep their JSON 401/403).
    /// </summary>
    public static string SelectScheme(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return IsApi(context.Request) || authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? JwtBearerDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>No sliding: <see cref="SignInAsync"/> fixes the end of the session at sign-in, like a token's expiry.</summary>
    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "crm_session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.SlidingExpiration = false;
        options.LoginPath = "/login";
        options.LogoutPath = "/account/logout";
        options.AccessDeniedPath = "/forbidden";
        options.ReturnUrlParameter = "returnUrl";
        options.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = async context =>
            {
                var fresh = await RefreshAsync(context.HttpContext.RequestServices, context.Principal!, context.Scheme.Name, context.HttpContext.RequestAborted);
                if (fresh is null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    return;
                }

                context.ReplacePrincipal(fresh);
            },
            OnRedirectToLogin = context => IsApi(context.Request)
                ? ApiExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, Messages.Unauthorized)
                : Redirect(context),
            OnRedirectToAccessDenied = context => IsApi(context.Request)
                ? ApiExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, Messages.Forbidden)
                : Redirect(context),
        };
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The cookie's principal: only the user id, the stamp, the end of the session and its row's id; the rest is
    /// re-read per request. Sessions that have ended on their own are cleared on the way.
    /// </summary>
    public static async Task SignInAsync(HttpContext http, User user, TimeSpan lifetime, DateTimeOffset now)
    {
        var expires = now + lifetime;
        var sessionId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var factory = http.RequestServices.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(http.RequestAborted))
        {
            await db.UiSessions.Where(s => s.ExpiresAt < now.UtcDateTime).ExecuteDeleteAsync(http.RequestAborted);
            db.UiSessions.Add(new UiSession { Id = sessionId, UserId = user.Id, ExpiresAt = expires.UtcDateTime, SecurityStamp = user.SecurityStamp });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(SubjectClaim, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(AuthSetup.StampClaim, user.SecurityStamp),
                new Claim(ExpiresClaim, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                new Claim(SessionIdClaim, sessionId),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true, AllowRefresh = false, IssuedUtc = now, ExpiresUtc = expires });
    }

    /// <summary>Ends the UI session on the server (its row) and in the browser (the cookie).</summary>
    public static async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        if (http.User.FindFirstValue(SessionIdClaim) is { } sessionId)
        {
            var factory = http.RequestServices.GetRequiredService<IDbContextFactory<CrmDbContext>>();
            await using var db = await factory.CreateDbContextAsync(ct);
            await db.UiSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Re-reads the user behind <paramref name="principal"/> (one primary-key lookup, kept a few seconds by <see cref="UserSessionCache"/>). Returns a principal with the
    /// current role and name, or null when the user is gone, inactive, the stamp changed or the session expired.
    /// </summary>
    public static async Task<ClaimsPrincipal?> RefreshAsync(IServiceProvider services, ClaimsPrincipal principal, string scheme, CancellationToken ct)
    {
        if (!long.TryParse(principal.FindFirstValue(SubjectClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }

        var expires = principal.FindFirstValue(ExpiresClaim);
        string? sessionStamp = null;
        if (expires is not null)
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var end) || now.ToUnixTimeSeconds() >= end)
            {
                return null;
            }

            // A UI session (bearer tokens carry no session end) is valid only while its row exists: not cached, so a
            // sign-out on any instance ends it everywhere at once. The row, not the cookie, holds the stamp it is valid
            // for, so that a password change can keep the session it was made in (decision 0053).
            sessionStamp = await SessionStampAsync(services, principal.FindFirstValue(SessionIdClaim), userId, ct);
            if (sessionStamp is null)
            {
                return null;
            }
        }

        var user = await ReadUserAsync(services, userId, ct);
        var stamp = sessionStamp ?? principal.FindFirstValue(AuthSetup.StampClaim);
        if (user is null || !user.IsActive || user.SecurityStamp != stamp)
        {
            return null;
        }

        // Keep what identifies the session, so that the next check (a circuit's revalidation) can run again.
        var carried = principal.Claims
            .Where(c => c.Type is SubjectClaim or AuthSetup.StampClaim or ExpiresClaim or SessionIdClaim)
            .Select(c => new Claim(c.Type, c.Value))
            .ToList();
        return CurrentUser.CreatePrincipal(user.Id, user.Role, user.DisplayName, user.Username, scheme, carried);
    }

    /// <summary>The stamp the session's row is valid for; null when there is no such row (signed out, or never was).</summary>
    private static async Task<string?> SessionStampAsync(IServiceProvider services, string? sessionId, long userId, CancellationToken ct)
    {
        if (sessionId is null)
        {
            return null;
        }

        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.UiSessions.Where(s => s.Id == sessionId && s.UserId == userId).Select(s => s.SecurityStamp).FirstOrDefaultAsync(ct);
    }

    private static async Task<SessionUser?> ReadUserAsync(IServiceProvider services, long userId, CancellationToken ct)
    {
        var cache = services.GetRequiredService<UserSessionCache>();
        if (cache.TryGet(userId, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new SessionUser(u.Id, u.IsActive, u.Role, u.SecurityStamp, u.DisplayName, u.Username))
            .FirstOrDefaultAsync(ct);
        if (user is not null)
        {
            cache.Store(user, generation);
        }

        return user;
    }

    /// <summary>The session length of the UI: the same as an API token's lifetime.</summary>
    public static TimeSpan Lifetime(IServiceProvider services) =>
        TimeSpan.FromHours(services.GetRequiredService<IOptions<TokenOptions>>().Value.TokenLifetimeHours);
}
