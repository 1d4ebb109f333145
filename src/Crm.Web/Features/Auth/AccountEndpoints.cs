using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
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

            var user = await login.VerifyAsync(username, password, http.Connection.RemoteIpAddress?.ToString(), ct);
            if (user is null)
            {
                return Results.Redirect(LoginUrl("failed", username, target));
            }

            await SessionCheck.SignInAsync(http, user, SessionCheck.Lifetime(http.RequestServices), clock.GetUtcNow());
            return Results.LocalRedirect(target);
        })
        .AllowAnonymous();

        group.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        })
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

    /// <summary>Only same-site paths: an open redirect would let a link send a freshly signed-in user anywhere.</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/customers";

    private static string LoginUrl(string error, string? username, string returnUrl) =>
        "/login" + QueryString.Create(new Dictionary<string, string?>
        {
            ["error"] = error,
            ["username"] = username?.Trim(),
            ["returnUrl"] = returnUrl,
        }).ToUriComponent();
}
