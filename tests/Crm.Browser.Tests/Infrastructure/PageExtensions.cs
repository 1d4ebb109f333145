using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Browser.Tests.Infrastructure;

public static class PageExtensions
{
    /// <summary>Signs in through the login form and waits until the interactive page is ready.</summary>
    public static async Task LoginAsync(this IPage page, string username, string password, string returnUrl = "/customers")
    {
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitReadyAsync();
    }

    /// <summary>Waits for the Blazor circuit: the layout marks itself ready after its first interactive render.</summary>
    public static async Task WaitReadyAsync(this IPage page)
    {
        await page.WaitForSelectorAsync(".crm-shell[data-ready=true]");
        await page.WaitForSelectorAsync("[data-testid=page-loading]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
    }

    /// <summary>
    /// Waits until the address bar shows <paramref name="path"/> (query and fragment aside). Polls the URL, unlike
    /// WaitForURLAsync, which can miss a client-side navigation that lands between its URL check and its wait.
    /// </summary>
    public static Task ExpectPathAsync(this IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex("^[a-z]+://[^/]+" + Regex.Escape(path) + "([?#]|$)"));

    public static async Task GotoReadyAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitReadyAsync();
    }

    /// <summary>Runs a browser step; on failure saves a screenshot and adds the app's log to the message.</summary>
    public static async Task StepAsync(this IPage page, AppServer app, string name, Func<Task> step)
    {
        try
        {
            await step();
            if (app.CspViolations.TryGetValue(page, out var violations) && !violations.IsEmpty)
            {
                throw new Xunit.Sdk.XunitException("the page broke its Content-Security-Policy:\n" + string.Join("\n", violations));
            }
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException or Xunit.Sdk.XunitException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDir, $"FAILED-{name}.png"), FullPage = true });
            var log = app.Log();
            throw new InvalidOperationException($"step '{name}' failed at {page.Url}: {ex.Message}\n--- app log (tail) ---\n{log[Math.Max(0, log.Length - 4000)..]}", ex);
        }
    }

    public static ILocator TestId(this IPage page, string id) => page.Locator($"[data-testid=\"{id}\"]");

    /// <summary>
    /// A slow line (or a loaded server): every answer of the circuit arrives <paramref name="latencyMs"/> late. Returns
    /// the DevTools session, which also drives an input method's composition.
    /// </summary>
    public static async Task<ICDPSession> SlowLineAsync(this IPage page, int latencyMs = 150)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = latencyMs,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = -1,
        });
        return cdp;
    }

    /// <summary>Server-rendered HTML encodes Chinese as &amp;#x...; entities; compare decoded text.</summary>
    public static string Decode(string html) => WebUtility.HtmlDecode(html);

    public static async Task ScreenshotAsync(this IPage page, AppServer app, string name)
    {
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(app.ScreenshotDir, $"{name}-{width}.png"),
            FullPage = true,
        });
    }
}

public static class LocatorExtensions
{
    public static ILocator TestId(this ILocator locator, string id) => locator.Locator($"[data-testid=\"{id}\"]");
}
