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
    [InlineData("/customers?tag=集团总部&keyword=a b", "/customers?tag=%E9%9B%86%E5%9B%A2%E6%80%BB%E9%83%A8&keyword=a%20b")]
    [InlineData("/customers?tag=%E9%9B%86", "/customers?tag=%E9%9B%86")]
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
    public async Task Signing_in_or_switching_language_on_a_list_filtered_in_chinese_lands_back_on_it()
    {
        const string list = "/customers?tag=集团总部";
        const string encoded = "/customers?tag=%E9%9B%86%E5%9B%A2%E6%80%BB%E9%83%A8";
        var user = await api.NewUserAsync();
        var form = api.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await form.GetStringAsync("/login?returnUrl=" + Uri.EscapeDataString(list));
        var input = System.Text.RegularExpressions.Regex.Match(page, "<input[^>]*__RequestVerificationToken[^>]*>").Value;
        var token = System.Text.RegularExpressions.Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;

        var signedIn = await form.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user.Username,
            ["password"] = user.Password,
            ["returnUrl"] = list,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(encoded, signedIn.Headers.Location!.OriginalString);

        var switched = await form.GetAsync("/account/culture?culture=en&returnUrl=" + Uri.EscapeDataString(list));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal(encoded, switched.Headers.Location!.OriginalString);
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
