using System.Net;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Web.Tests.Auth;

/// <summary>Signing out of the UI: only from the app's own page, and the session is over on the server, everywhere.</summary>
[Collection("api")]
public sealed class LogoutTests(ApiFixture api)
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false, HandleCookies = false };

    [Fact]
    public async Task Logout_without_the_pages_antiforgery_token_is_refused_and_the_session_goes_on()
    {
        var http = api.Factory.CreateClient(NoRedirects);
        var browser = await SignedInAsync(http);

        var crossSite = await browser.PostAsync(http, "/account/logout", []);

        Assert.Equal(HttpStatusCode.BadRequest, crossSite.StatusCode);
        Assert.Null(await browser.RedirectForAsync(http, "/customers"));
    }

    [Fact]
    public async Task Logout_ends_the_session_on_the_server_so_the_old_cookie_stops_working_at_once()
    {
        var http = api.Factory.CreateClient(NoRedirects);
        var browser = await SignedInAsync(http);
        var stolen = new UiBrowser();
        foreach (var cookie in browser.Cookies)
        {
            stolen.Cookies[cookie.Key] = cookie.Value;
        }

        var logout = await browser.SubmitAsync(http, "/logout", http, "/account/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location?.ToString());
        await stolen.AssertSentToLoginAsync(http, "/customers");
    }

    [Fact]
    public async Task Logout_on_one_instance_ends_the_session_on_the_other_at_once()
    {
        using var second = new SecondInstanceFactory(api.Factory);
        var a = api.Factory.CreateClient(NoRedirects);
        var b = second.CreateClient(NoRedirects);
        var browser = await SignedInAsync(a);
        Assert.Null(await browser.RedirectForAsync(b, "/customers"));
        var copy = new UiBrowser();
        foreach (var cookie in browser.Cookies)
        {
            copy.Cookies[cookie.Key] = cookie.Value;
        }

        await browser.SubmitAsync(b, "/logout", b, "/account/logout", []);

        await copy.AssertSentToLoginAsync(a, "/customers");
    }

    private async Task<UiBrowser> SignedInAsync(HttpClient http)
    {
        var user = await api.NewUserAsync();
        var browser = new UiBrowser();
        var signIn = await browser.SignInAsync(http, http, user.Username, user.Password);
        Assert.Equal("/customers", signIn.Headers.Location?.ToString());
        Assert.Null(await browser.RedirectForAsync(http, "/customers"));
        return browser;
    }
}
