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

    [Fact]
    public async Task A_typed_next_follow_up_date_is_saved_at_nine_in_the_business_zone_and_the_calendar_marks_the_business_today()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "下次跟进日期测试有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");
        await page.StepAsync(app, "typed-date", async () =>
        {
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "跟进记录" }).ClickAsync();
            await page.GetByLabel("跟进内容").FocusAsync();
            await page.Keyboard.TypeAsync("电话沟通报价，约定下次回访", new KeyboardTypeOptions { Delay = 20 });

            var next = page.GetByLabel("下次跟进时间", new PageGetByLabelOptions { Exact = true });
            await next.FocusAsync();
            await page.Keyboard.TypeAsync("2026-12-20", new KeyboardTypeOptions { Delay = 40 });

            // The open calendar marks the business zone's today (Crm:TimeZone = Asia/Shanghai here).
            var businessToday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await page.GetByLabel("下次跟进时间", new PageGetByLabelOptions { Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator(".ant-picker-dropdown:visible [data-today]")).ToHaveAttributeAsync("data-today", businessToday);

            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(next).ToHaveValueAsync("2026-12-20");
            await page.Keyboard.PressAsync("Tab");
            var time = page.GetByLabel("下次跟进时间（时刻）");
            await Assertions.Expect(time).ToHaveValueAsync("");
            await Assertions.Expect(time).ToHaveAttributeAsync("placeholder", "09:00");
            await page.TestId("followup-save").Locator("button").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.TestId("followup-item").First).ToContainTextAsync("2026-12-20 09:00");
        });

        var saved = await LatestFollowUpAsync(app.AdminApi, id);
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 9, 0, 0, TimeSpan.FromHours(8)), DateTimeOffset.Parse(saved["next_follow_up_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        await page.StepAsync(app, "typed-time", async () =>
        {
            await page.GetByLabel("跟进内容").FocusAsync();
            await page.Keyboard.TypeAsync("第二次电话", new KeyboardTypeOptions { Delay = 20 });
            await page.GetByLabel("下次跟进时间", new PageGetByLabelOptions { Exact = true }).FocusAsync();
            await page.Keyboard.TypeAsync("2026-12-21", new KeyboardTypeOptions { Delay = 40 });
            await page.Keyboard.PressAsync("Tab");

            // As a person would: the date is seen in its box before the time is typed, the time before saving.
            await Assertions.Expect(page.GetByLabel("下次跟进时间", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("2026-12-21");
            await page.GetByLabel("下次跟进时间（时刻）").FocusAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("14:30", new KeyboardTypeOptions { Delay = 40 });
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("下次跟进时间（时刻）")).ToHaveValueAsync("14:30");
            await page.TestId("followup-save").Locator("button").ClickAsync();
            await Assertions.Expect(page.TestId("followup-item").First).ToContainTextAsync("2026-12-21 14:30");
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
