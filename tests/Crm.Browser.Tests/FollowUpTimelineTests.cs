using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Crm.Browser.Tests.CustomerScenarioTests;

namespace Crm.Browser.Tests;

/// <summary>Logging a follow-up: what was typed is what is saved, and the timeline shows it where it belongs.</summary>
[Collection("browser")]
public sealed class FollowUpTimelineTests(AppServer app)
{
    [Fact]
    public async Task A_new_follow_up_appears_at_the_top_of_the_timeline_at_once()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "时间线顺序测试有限公司" });
        var older = await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{id}/follow-ups", new { method = "phone", content = "上周的电话回访", follow_up_at = DateTime.UtcNow.AddDays(-7).ToString("o") });
        Assert.True(older.IsSuccessStatusCode);
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");
        await page.StepAsync(app, "newest-first", async () =>
        {
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "跟进记录" }).ClickAsync();
            await Assertions.Expect(page.TestId("followup-item")).ToHaveCountAsync(1);
            var content = page.Locator("[data-testid=followup-content] textarea");
            await content.FocusAsync();
            await page.Keyboard.TypeAsync("今天上门拜访，敲定样品测试", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Tab");
            await page.TestId("followup-save").Locator("button").ClickAsync();

            await Assertions.Expect(page.TestId("followup-item")).ToHaveCountAsync(2);
            await Assertions.Expect(page.TestId("followup-item").First).ToContainTextAsync("今天上门拜访，敲定样品测试");
            await Assertions.Expect(page.TestId("followup-item").Last).ToContainTextAsync("上周的电话回访");
        });
        await page.Context.CloseAsync();
    }

    internal static async Task<JsonNode> LatestFollowUpAsync(HttpClient api, long customerId)
    {
        var list = JsonNode.Parse(await api.GetStringAsync($"/api/v1/sales/customers/{customerId}/follow-ups"))!;
        var items = list is JsonArray array ? array : list["items"]!.AsArray();
        return items[0]!;
    }
}
