using System.Net;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Web.Tests.Security;

/// <summary>Headers every response carries (issue 12, decision 0029); the browser suite runs the UI under this CSP.</summary>
[Collection("api")]
public sealed class ResponseHeaderTests(ApiFixture api)
{
    [Theory]
    [InlineData("GET", "/api/v1/sales/customers")]
    [InlineData("GET", "/api/v1/sales/customers/987654")]
    [InlineData("POST", "/api/v1/auth/login")]
    [InlineData("GET", "/healthz")]
    [InlineData("GET", "/openapi/v1.json")]
    public async Task Api_responses_may_load_nothing_and_be_framed_by_nobody(string method, string path)
    {
        var response = await api.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}") : null });

        AssertCommonHeaders(response);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Csp(response));
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/customers")]
    [InlineData("/no-such-page")]
    [InlineData("/css/app.css")]
    public async Task Ui_responses_allow_only_this_sites_scripts_and_framing_by_itself(string path)
    {
        var response = await api.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);

        AssertCommonHeaders(response);
        var csp = Csp(response);
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-inline'", scripts, StringComparison.Ordinal);
        Assert.All(scripts.Split(' ')[1..], source => Assert.True(source is "'self'" or "'unsafe-hashes'" or "'report-sample'" || source.StartsWith("'sha256-", StringComparison.Ordinal), source));
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_reference_page_is_not_framed()
    {
        var response = await api.Anonymous().GetAsync("/scalar/v1");

        AssertCommonHeaders(response);
        Assert.Contains("frame-ancestors 'none'", Csp(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_responses_tell_the_browser_to_stay_on_https_and_http_ones_do_not()
    {
        var https = await api.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }).GetAsync("/healthz");
        var http = await api.Anonymous().GetAsync("/healthz");

        Assert.Equal("max-age=31536000", https.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    private static string Csp(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();
}
