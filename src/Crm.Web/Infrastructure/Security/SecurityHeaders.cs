namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// The headers every response carries (decision 0029), set when the response starts so that errors, redirects and
/// static files get them too. The UI's Content-Security-Policy allows only this origin's scripts (Blazor, AntDesign,
/// ECharts and crm.js are all served locally, none needs eval or an inline script; the one inline handler AntDesign
/// renders is allowed by its hash); styles may be inline because
/// AntDesign and ECharts position elements with style attributes. The API and the health check are data, never a page:
/// they may load nothing and be framed by nobody.
/// </summary>
public static class SecurityHeaders
{
    /// <remarks>
    /// Three inline snippets are allowed by their hashes ('unsafe-hashes'), nothing else inline: AntDesign's tabs carry
    /// <c>ondragover="event.preventDefault();"</c>, its multi-select chips <c>onclick="event.stopPropagation()"</c>, and
    /// action links (ours and AntDesign's) <c>href="javascript:;"</c>. The browser suite fails on any other violation.
    /// </remarks>
    public const string UiPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-hashes' 'sha256-3TGu3MXeXy11eUrHvptBo1UVsvdEkIojBrR41fi1sqM=' 'sha256-jHF5hTIlMDyGZRAsNK0HO/WFYrwPvI2I1q0o1xKKB6I=' 'sha256-lfXlPY3+MCPOPb4mrw1Y961+745U3WlDQVcOXdchSQc=' 'report-sample'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The Scalar reference page runs its configuration from an inline script and is not to be framed.</summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The cookie handler and Blazor's NavigateTo build absolute redirect URLs from the request's Host header, which a
    /// client chooses: a redirect to this same host is sent as a path, so a forged Host is never echoed (issue 12).
    /// Which host names the app answers at all is <c>AllowedHosts</c> (README).
    /// </summary>
    private static void KeepRedirectsRelative(HttpContext context)
    {
        var location = context.Response.Headers.Location.ToString();
        if (location.Length > 0
            && Uri.TryCreate(location, UriKind.Absolute, out var target)
            && target.Scheme is "http" or "https"
            && string.Equals(target.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.Location = target.PathAndQuery + target.Fragment;
        }
    }

    private static readonly string[] ApiPrefixes = ["/api", "/openapi", "/healthz"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var request = context.Request;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (ApiPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                headers.ContentSecurityPolicy = ApiPolicy;
                headers.XFrameOptions = "DENY";
            }
            else if (request.Path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = DocsPolicy;
                headers.XFrameOptions = "DENY";
            }
            else
            {
                headers.ContentSecurityPolicy = UiPolicy;
                headers.XFrameOptions = "SAMEORIGIN";
            }

            // Only over https: a browser ignores the header on http, and a proxy that ends TLS passes the scheme on
            // through the forwarded headers.
            if (request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            headers.Remove("Server");
            KeepRedirectsRelative(context);
            return Task.CompletedTask;
        });
        return next(context);
    });
}
