using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Auth;

/// <summary>
/// The UI's sign-in, sign-out and language switch: plain form posts (antiforgery-checked) and redirects,
/// because a cookie can only be set by an HTTP response, not from inside a Blazor circuit.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();

        // Login.VerifyAsync keeps the lockout rules; every refusal shows the same message.
        group.MapPost("/login", async (
            [FromForm] string? username,
            [FromForm] string? password,
            [FromForm] string? returnUrl,
            HttpContext http,
            Login login,
            TimeProvider clock,
            CancellationToken ct) =>
        {
            var target = LocalUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
            {
                return Results.Redirect(LoginUrl("required", username, target));
            }

            User? user;
            try
            {
                user = await login.VerifyAsync(username, password, http.Connection.RemoteIpAddress?.ToString(), ct);
            }
            catch (TooManyAttemptsException)
            {
                return Results.Redirect(LoginUrl("throttled", username, target));
            }

            if (user is null)
            {
                return Results.Redirect(LoginUrl("failed", username, target));
            }

            await SessionCheck.SignInAsync(http, user, SessionCheck.Lifetime(http.RequestServices), clock.GetUtcNow());
            return Results.LocalRedirect(target);
        })
        .SmallBody()
        .RequireRateLimiting(LoginLimits.Policy)
        .AllowAnonymous();

        // Antiforgery-checked like every form post (a cross-site page cannot sign a user out), and ended on the server:
        // the session row goes, so the old cookie stops working at once on every instance.
        group.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            await SessionCheck.SignOutAsync(http, ct);
            return Results.LocalRedirect("/login");
        })
        .DisableAntiforgery()
        .AllowAnonymous();

        // Switching language only sets the culture cookie that UseRequestLocalization reads, then reloads the page.
        group.MapGet("/culture", (string? culture, string? returnUrl, HttpContext http) =>
        {
            if (culture is not null && CrmLocalization.Cultures.Contains(culture))
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            }

            return Results.LocalRedirect(LocalUrl(returnUrl));
        })
        .AllowAnonymous();

        return app;
    }

    /// <summary>
    /// Only same-site paths: an open redirect would let a link send a freshly signed-in user anywhere. Anything else —
    /// another host, a backslash or a control character (browsers drop tabs and line breaks, so "/\t/evil.example" is
    /// "//evil.example" to them) — goes to the home page, the 工作台. A redirect's Location header is ASCII, so anything
    /// else in the path (a list filtered by 集团总部, a space) is percent-encoded as a browser would send it; sent raw, it
    /// made the sign-in and the language switch answer 500.
    /// </summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Any(c => c == '\\' || char.IsControl(c))
            ? AsciiOnly(url)
            : "/";

    private static string AsciiOnly(string url)
    {
        if (url.All(c => char.IsAscii(c) && c != ' '))
        {
            return url;
        }

        var ascii = new System.Text.StringBuilder(url.Length * 3);
        foreach (var rune in url.EnumerateRunes())
        {
            ascii.Append(rune.IsAscii && rune.Value != ' ' ? rune.ToString() : Uri.EscapeDataString(rune.ToString()));
        }

        return ascii.ToString();
    }

    private static string LoginUrl(string error, string? username, string returnUrl) =>
        "/login" + QueryString.Create(new Dictionary<string, string?>
        {
            ["error"] = error,
            ["username"] = username?.Trim(),
            ["returnUrl"] = returnUrl,
        }).ToUriComponent();
}
