using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>
/// Decision 0066 as a user meets it: a search matching more customers than the count cap shows 约 N 个客户, and 精确计数
/// counts them exactly for that search (its other pages too) until the search changes. A server of its own with a count
/// cap of 3 and a sample of 16 ids lets 32 customers show it; a selective limit of 3 keeps SQLite from counting these
/// keywords from their candidate ids, which would know the 32 exactly (decision 0071).
/// </summary>
[Collection("browser")]
public sealed class EstimatedTotalTests(EstimatedTotalTests.Server server) : IClassFixture<EstimatedTotalTests.Server>
{
    public sealed class Server : AppServer
    {
        protected override void Configure(IDictionary<string, string?> environment)
        {
            environment["Crm__ListCountCap"] = "3";
            environment["Crm__CountSampleRows"] = "16";
            environment["Crm__SearchSelectiveRows"] = "3";
        }
    }

    [Fact]
    public async Task A_large_result_shows_an_estimated_total_and_one_click_counts_it_exactly()
    {
        for (var i = 0; i < 32; i++)
        {
            var response = await server.AdminApi.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"估算精机{i:00}号有限公司" });
            response.EnsureSuccessStatusCode();
        }

        var page = await server.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);
        var total = page.Locator("[data-testid=pagination] .ant-pagination-total-text");
        var exact = page.TestId("exact-total");

        await page.StepAsync(server, "estimated", async () =>
        {
            // No keyword: the total comes from the counters, exact however large.
            await Assertions.Expect(total).ToHaveTextAsync("共 32 个客户");
            await Assertions.Expect(exact).ToHaveCountAsync(0);

            await page.Locator("[data-testid=customer-search] input").ClickAsync();
            await page.Keyboard.TypeAsync("精机", new KeyboardTypeOptions { Delay = 40 });
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("keyword=%E7%B2%BE%E6%9C%BA"));
            await Assertions.Expect(total).ToHaveTextAsync("约 32 个客户");
            await Assertions.Expect(page.Locator("[data-testid=export] button")).ToHaveTextAsync("导出（约 32 条）");
            await Assertions.Expect(exact).ToHaveTextAsync("精确计数");
            await page.ScreenshotAsync(server, "estimated-total");
        });

        await page.StepAsync(server, "exact", async () =>
        {
            await exact.ClickAsync();
            await Assertions.Expect(total).ToHaveTextAsync("共 32 个客户");
            await Assertions.Expect(exact).ToHaveCountAsync(0);

            // Another page of the same search keeps the exact count.
            await page.Locator("[data-testid=pagination] .ant-pagination-item-2").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("page=2"));
            await Assertions.Expect(total).ToHaveTextAsync("共 32 个客户");
        });

        await page.StepAsync(server, "search changed", async () =>
        {
            // A new search is estimated again: the exact count was for the one asked about.
            var box = page.Locator("[data-testid=customer-search] input");
            await box.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("有限公司", new KeyboardTypeOptions { Delay = 40 });
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("keyword=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"));
            await Assertions.Expect(total).ToHaveTextAsync("约 32 个客户");
            await Assertions.Expect(exact).ToHaveCountAsync(1);
        });
        await page.Context.CloseAsync();
    }
}
