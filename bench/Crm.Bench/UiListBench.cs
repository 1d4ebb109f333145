using Microsoft.Playwright;

namespace Crm.Bench;

/// <summary>
/// `--ui`: the customer list page in Debian's chromium against the loaded database — time from navigation until
/// the Blazor circuit is interactive and the table shows rows (the browser's own clock), median of 7 runs.
/// </summary>
internal static class UiListBench
{
    private const int Runs = 7;

    public static async Task<List<string>> RunAsync(string baseUrl)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_BROWSER") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", Loader.Password);
        await page.ClickAsync("button[type=submit]");
        await WaitForRowsAsync(page);

        var report = new List<string>();
        foreach (var (name, url) in new[]
        {
            ("default view (newest first)", "/customers"),
            ("sorted by last follow-up, oldest first", "/customers?order_by=last_follow_up_at&order_desc=false"),
            ("2-character Chinese keyword", "/customers?keyword=%E7%B2%BE%E5%AF%86"),
            ("grade A+B, status customer", "/customers?customer_level=A,B&status=customer"),
            ("page 200", "/customers?page=200"),
        })
        {
            var loads = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                await WaitForRowsAsync(page);
                loads.Add(await page.EvaluateAsync<double>("performance.now()"));
            }

            report.Add($"| {name} | {loads.Order().ElementAt(Runs / 2):F0} | {loads.Max():F0} |");
        }

        return report;
    }

    /// <summary>Interactive: the layout's ready marker is set and the table shows rows, not its spinner.</summary>
    private static async Task WaitForRowsAsync(IPage page) =>
        await page.WaitForFunctionAsync(
            "() => document.querySelector('.crm-shell[data-ready=true]') && document.querySelector('[data-testid=customer-table] .ant-table-tbody tr.ant-table-row') && !document.querySelector('.ant-table .ant-spin-spinning')",
            null,
            new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = 60_000 });
}
