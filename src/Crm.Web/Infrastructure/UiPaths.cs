namespace Crm.Web.Infrastructure;

/// <summary>Which requests belong to the browser UI (HTML pages) rather than the API, health check or docs.</summary>
public static class UiPaths
{
    private static readonly string[] NonUiPrefixes = ["/api", "/healthz", "/openapi", "/scalar", "/_framework", "/_content", "/_blazor"];

    public static bool IsUi(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !NonUiPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
