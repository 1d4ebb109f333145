using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>
/// Decision 0083 as a user meets it: an admin's list of one tag reads the tag's counter, so a full page shows the exact
/// total however far past the count cap (3 here), with no 精确计数 to click.
/// </summary>
[Collection("browser")]
public sealed class TagTotalTests(TagTotalTests.Server app) : IClassFixture<TagTotalTests.Server>
{
    public sealed class Server : AppServer
    {
        protected override void Configure(IDictionary<string, string?> environment) => environment["Crm__ListCountCap"] = "3";
    }

    [Fact]
    public async Task A_tag_chosen_by_typing_shows_its_exact_total_beyond_the_cap()
    {
        (await app.AdminApi.PostAsJsonAsync("/api/v1/sales/customers", new { name = "没有计数标签有限公司" })).EnsureSuccessStatusCode();
        for (var i = 0; i < 25; i++)
        {
            var created = await app.AdminApi.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"计数标签客户{i:00}有限公司" });
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<long>();
            (await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{id}/tags", new { tag_name = "西南片区" })).EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);
        await page.StepAsync(app, "tag total", async () =>
        {
            await Assertions.Expect(page.TestId("customer-filters")).ToHaveAttributeAsync("data-options", "ready");
            // Click into the box, see the list open, then type, as a person does.
            await page.TestId("filter-tags").Locator("input").First.ClickAsync();
            await Assertions.Expect(page.Locator(".ant-select-dropdown:visible")).ToHaveCountAsync(1);
            await page.Keyboard.TypeAsync("西南", new KeyboardTypeOptions { Delay = 40 });
            // Enter picks the active option: wait until the typed text has narrowed the list to the one tag.
            var options = page.Locator(".ant-select-dropdown:visible .ant-select-item-option:visible");
            await Assertions.Expect(options).ToHaveCountAsync(1);
            await Assertions.Expect(options).ToHaveTextAsync("西南片区");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.TestId("filter-tags")).ToContainTextAsync("西南片区");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator(".ant-select-dropdown:visible")).ToHaveCountAsync(0);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("tag=" + Regex.Escape(Uri.EscapeDataString("西南片区"))));
            await Assertions.Expect(page.Locator("[data-testid=pagination] .ant-pagination-total-text")).ToHaveTextAsync("共 25 个客户");
            await Assertions.Expect(page.TestId("exact-total")).ToHaveCountAsync(0);
            await Assertions.Expect(page.TestId("customer-table")).Not.ToContainTextAsync("没有计数标签有限公司");
            await page.ScreenshotAsync(app, "tag-exact-total");
        });
        await page.Context.CloseAsync();
    }
}
