using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Crm.Browser.Tests.CustomerScenarioTests;

namespace Crm.Browser.Tests;

/// <summary>One state per page: what a picker shows, the URL, and the figures under them always agree.</summary>
[Collection("browser")]
public sealed class StatsAndFilterStateTests(AppServer app)
{
    [Fact]
    public async Task Choosing_a_salesperson_on_the_stats_page_shows_that_persons_figures_in_the_picker_the_url_the_cards_and_the_charts_every_time()
    {
        var sales = await app.NewUserAsync(displayName: "统计专员甲");
        using (var api = await app.ApiClientAsync(sales.Username, sales.Password))
        {
            await CreateCustomerAsync(api, new { name = "统计甲一有限公司", status = "potential" });
            await CreateCustomerAsync(api, new { name = "统计甲二有限公司", status = "potential" });
            await CreateCustomerAsync(api, new { name = "统计甲三有限公司", status = "customer", annual_revenue = 1_200_000, cooperation_years = 3 });
        }

        // The company has more than this salesperson.
        await CreateCustomerAsync(app.AdminApi, new { name = "统计公司其他有限公司", status = "lost" });

        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/stats");
        for (var run = 1; run <= 3; run++)
        {
            await page.StepAsync(app, $"stats-run-{run}", async () =>
            {
                await page.GotoReadyAsync("/stats");
                await Assertions.Expect(page.TestId("chart-status")).ToHaveAttributeAsync("data-chart-ready", "true");
                var picker = page.GetByLabel("负责销售");
                await picker.FocusAsync();
                await page.Keyboard.TypeAsync("统计专员甲", new KeyboardTypeOptions { Delay = 30 });
                await page.WaitForTimeoutAsync(300);
                await page.Keyboard.PressAsync("Enter");

                await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/stats\\?sales_owner_id={sales.Id}$"));
                await Assertions.Expect(page.TestId("stats-owner")).ToContainTextAsync("统计专员甲");
                var total = page.TestId("stat-cards").Locator(".crm-stat", new LocatorLocatorOptions { HasText = "客户总数" });
                await Assertions.Expect(total).ToContainTextAsync("3");
                await Assertions.Expect(page.TestId("chart-status")).ToHaveAttributeAsync("aria-label", "客户状态分布：潜在客户 2，意向客户 0，成交客户 1，流失客户 0");
                await Assertions.Expect(page.TestId("chart-level")).ToHaveAttributeAsync("aria-label", new Regex("^客户等级分布：.*D 级 2$"));
                await Assertions.Expect(page.TestId("stat-cards").Locator("a.crm-stat", new LocatorLocatorOptions { HasText = "客户总数" }))
                    .ToHaveAttributeAsync("href", $"/customers?sales_owner_id={sales.Id}");

                // A moment later nothing has jumped back.
                await page.WaitForTimeoutAsync(500);
                await Assertions.Expect(page).ToHaveURLAsync(new Regex($"sales_owner_id={sales.Id}$"));
                await Assertions.Expect(page.TestId("stats-owner")).ToContainTextAsync("统计专员甲");
                await Assertions.Expect(page.TestId("chart-status")).ToHaveAttributeAsync("aria-label", new Regex("潜在客户 2，意向客户 0，成交客户 1，流失客户 0$"));
            });
        }

        await page.StepAsync(app, "stats-link", async () =>
        {
            // The same URL opened fresh shows the same.
            await page.GotoReadyAsync($"/stats?sales_owner_id={sales.Id}");
            await Assertions.Expect(page.TestId("stats-owner")).ToContainTextAsync("统计专员甲");
            await Assertions.Expect(page.TestId("chart-status")).ToHaveAttributeAsync("aria-label", new Regex("潜在客户 2，意向客户 0，成交客户 1，流失客户 0$"));
            await page.ScreenshotAsync(app, "13-stats-one-salesperson");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_list_filter_still_says_what_it_filters_after_a_value_is_chosen()
    {
        await CreateCustomerAsync(app.AdminApi, new { name = "筛选名称测试有限公司", industry = "光伏新能源" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);
        await page.StepAsync(app, "filter-name", async () =>
        {
            await Assertions.Expect(page.TestId("customer-filters")).ToHaveAttributeAsync("data-options", "ready");
            var filter = page.TestId("filter-industry");
            var level = page.TestId("customer-filters").Locator("[data-testid=filter-level]");

            // The filter's name and what follows it never share pixels: "不限", the typed text, the chosen value.
            await AssertRightOfAsync(level.Locator(".crm-filter-prefix"), level.Locator(".ant-select-selection-placeholder"));
            await AssertRightOfAsync(filter.Locator(".crm-filter-prefix"), filter.Locator(".ant-select-selection-placeholder"));
            await page.GetByLabel("所属行业").FocusAsync();
            await page.Keyboard.TypeAsync("光伏", new KeyboardTypeOptions { Delay = 30 });
            await AssertRightOfAsync(filter.Locator(".crm-filter-prefix"), filter.Locator("input"));
            await page.WaitForTimeoutAsync(300);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("industry=" + Regex.Escape(Uri.EscapeDataString("光伏新能源"))));
            await Assertions.Expect(filter).ToContainTextAsync("所属行业");
            await Assertions.Expect(filter).ToContainTextAsync("光伏新能源");
            await AssertRightOfAsync(filter.Locator(".crm-filter-prefix"), filter.Locator(".ant-select-selection-item"));
            await Assertions.Expect(page.TestId("customer-table")).ToContainTextAsync("筛选名称测试有限公司");
            await page.ScreenshotAsync(app, "14-list-filter-names");
        });
        await page.Context.CloseAsync();
    }

    private static async Task AssertRightOfAsync(ILocator name, ILocator value)
    {
        var left = await name.BoundingBoxAsync() ?? throw new Xunit.Sdk.XunitException("the filter's name is not shown");
        var right = await value.BoundingBoxAsync() ?? throw new Xunit.Sdk.XunitException("the filter's value is not shown");
        Assert.True(right.X >= left.X + left.Width - 0.5, $"the value starts at x={right.X}, inside the filter's name ({left.X}–{left.X + left.Width})");
    }
}
