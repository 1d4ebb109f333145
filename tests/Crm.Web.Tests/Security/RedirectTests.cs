using System.Net;
using Crm.Web.Features.Auth;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Web.Tests.Security;

/// <summary>Redirects go only to this site's paths, never to a host a client made up (issue 12).</summary>
[Collection("api")]
public sealed class RedirectTests(ApiFixture api)
{
    [Theory]
    [InlineData("/customers/12?tab=contacts", "/customers/12?tab=contacts")]
    [InlineData("/%09/evil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\r\n/evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/a\\..\\b", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Only_a_plain_path_of_this_site_is_a_return_url(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.LocalUrl(returnUrl == "/%09/evil.example" ? Uri.UnescapeDataString(returnUrl) : returnUrl));

    [Fact]
    public async Task A_control_character_in_the_return_url_of_the_language_switch_goes_home_instead_of_a_500()
    {
        var client = api.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/account/culture?culture=en&returnUrl=/%09/evil.example");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_forged_host_header_is_never_echoed_into_a_redirect()
    {
        var client = api.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/customers?keyword=x");
        request.Headers.Host = "evil.example";
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.DoesNotContain("evil.example", location, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("/login?returnUrl=", location, StringComparison.Ordinal);
    }
}
