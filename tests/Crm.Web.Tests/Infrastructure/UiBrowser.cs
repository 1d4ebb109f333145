using System.Net;
using System.Text.RegularExpressions;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// What a browser does with the UI's plain HTTP: keeps cookies, reads a page's antiforgery token, posts its forms.
/// Redirects are not followed, so a test sees where the app sends the user. Any HttpClient works (an in-process test
/// server or a real instance), so one browser can move between instances.
/// </summary>
public sealed partial class UiBrowser
{
    public Dictionary<string, string> Cookies { get; } = [];

    public static HttpClient Client(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };

    public async Task<HttpResponseMessage> GetAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(http, request);
    }

    /// <summary>Posts a form the way the page at <paramref name="pagePath"/> would, with that page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpClient pageServer, string pagePath, HttpClient formServer, string action, Dictionary<string, string> fields)
    {
        var page = await GetAsync(pageServer, pagePath);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {pagePath} ({(int)page.StatusCode})");
        return await PostAsync(formServer, action, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) });
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient http, string action, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(http, request);
    }

    public Task<HttpResponseMessage> SignInAsync(HttpClient pageServer, HttpClient formServer, string username, string password) =>
        SubmitAsync(pageServer, "/login", formServer, "/account/login", new() { ["username"] = username, ["password"] = password, ["returnUrl"] = "/customers" });

    /// <summary>Where the app sends this browser for a page: null when it shows the page (200), else the redirect target.</summary>
    public async Task<string?> RedirectForAsync(HttpClient http, string path)
    {
        var response = await GetAsync(http, path);
        return response.StatusCode == HttpStatusCode.OK ? null : response.Headers.Location?.ToString() ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The app no longer takes this browser's session: the page sends it to the sign-in page.</summary>
    public async Task AssertSentToLoginAsync(HttpClient http, string path)
    {
        var redirect = await RedirectForAsync(http, path);
        Assert.True(redirect?.Contains("/login?", StringComparison.Ordinal) == true, $"the session still works: {path} → {redirect ?? "200"}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
