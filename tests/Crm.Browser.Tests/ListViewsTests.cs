using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Crm.Browser.Tests.CustomerScenarioTests;

namespace Crm.Browser.Tests;

/// <summary>
/// A salesperson's list (issue 15): 写跟进 from a row or a card in one dialog, headers that sort, columns and saved
/// views that follow the user to another browser, a compact table at 1280×800, and a phone screen that shows customers
/// first with the filters in a drawer.
/// </summary>
[Collection("browser")]
public sealed class ListViewsTests(AppServer app)
{
    private static string Today => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(long Id, string Username, string Password, HttpClient Api)> SalespersonAsync()
    {
        var user = await app.NewUserAsync();
        return (user.Id, user.Username, user.Password, await app.ApiClientAsync(user.Username, user.Password));
    }

    private static async Task<int> FollowUpCountAsync(HttpClient api, long customerId) =>
        JsonNode.Parse(await api.GetStringAsync($"/api/v1/sales/customers/{customerId}/follow-ups"))!.AsArray().Count;

    [Fact]
    public async Task A_follow_up_logged_from_a_row_with_the_keyboard_shows_at_once_and_esc_saves_nothing()
    {
        var sales = await SalespersonAsync();
        var name = "键盘写跟进" + Guid.NewGuid().ToString("N")[..6] + "有限公司";
        var id = await CreateCustomerAsync(sales.Api, new { name });
        await sales.Api.PostAsJsonAsync($"/api/v1/sales/customers/{id}/contacts", new { name = "李雷", mobile = "13912345678", is_primary = true });
        var page = await app.NewPageAsync(1280, 800);
        await page.LoginAsync(sales.Username, sales.Password, "/customers?keyword=" + Uri.EscapeDataString(name));
        var row = page.TestId("customer-row").Filter(new LocatorFilterOptions { HasText = name });
        var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("quick-followup") });

        await page.StepAsync(app, "row-followup-esc", async () =>
        {
            await Assertions.Expect(row.Locator("[data-col=last_follow_up_at]")).ToHaveTextAsync("—");
            await row.TestId("row-followup").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await Assertions.Expect(dialog).ToContainTextAsync(name);
            await Assertions.Expect(dialog.Locator("[data-testid=followup-content] textarea")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("这段不该保存", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
        });
        Assert.Equal(0, await FollowUpCountAsync(sales.Api, id));

        await page.StepAsync(app, "row-followup-save", async () =>
        {
            await row.TestId("row-followup").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog.Locator("[data-testid=followup-content] textarea")).ToBeFocusedAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=followup-content] textarea")).ToHaveValueAsync("");
            await page.Keyboard.TypeAsync("电话沟通报价，客户下周回复", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(row.Locator("[data-col=last_follow_up_at]")).ToContainTextAsync(Today);
            await page.ScreenshotAsync(app, "list-row-followup");
        });

        var saved = await FollowUpTimelineTests.LatestFollowUpAsync(sales.Api, id);
        Assert.Equal("电话沟通报价，客户下周回复", saved["content"]!.GetValue<string>());
        Assert.Equal("phone", saved["method"]!.GetValue<string>());
        Assert.Equal(1, await FollowUpCountAsync(sales.Api, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_header_click_sorts_ascending_and_a_second_click_descending_and_the_url_keeps_it()
    {
        var sales = await SalespersonAsync();
        var marker = "排序" + Guid.NewGuid().ToString("N")[..6];
        foreach (var suffix in new[] { "B", "C", "A" })
        {
            await CreateCustomerAsync(sales.Api, new { name = $"{marker}{suffix}有限公司" });
        }

        var page = await app.NewPageAsync(1280, 800);
        await page.LoginAsync(sales.Username, sales.Password, "/customers?keyword=" + Uri.EscapeDataString(marker));
        var names = page.TestId("customer-row").Locator("[data-testid=customer-link]");
        await page.StepAsync(app, "sort-headers", async () =>
        {
            await Assertions.Expect(names).ToHaveCountAsync(3);
            await Assertions.Expect(names.First).ToHaveTextAsync($"{marker}A有限公司");

            await page.TestId("sort-name").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("order_by=name&order_desc=false"));
            await Assertions.Expect(names).ToHaveTextAsync([$"{marker}A有限公司", $"{marker}B有限公司", $"{marker}C有限公司"]);
            await Assertions.Expect(page.Locator("th[data-col=name]")).ToHaveAttributeAsync("aria-sort", "ascending");

            await page.TestId("sort-name").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("order_by=name(?!&order_desc=false)"));
            await Assertions.Expect(names).ToHaveTextAsync([$"{marker}C有限公司", $"{marker}B有限公司", $"{marker}A有限公司"]);
            await Assertions.Expect(page.Locator("th[data-col=name]")).ToHaveAttributeAsync("aria-sort", "descending");

            // The link is the state: opening it again shows the same order.
            await page.ReloadAsync();
            await page.WaitReadyAsync();
            await Assertions.Expect(names.First).ToHaveTextAsync($"{marker}C有限公司");
            await Assertions.Expect(page.Locator("th[data-col=name]")).ToHaveAttributeAsync("aria-sort", "descending");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Hidden_columns_and_a_saved_view_are_there_when_the_user_signs_in_from_another_browser()
    {
        var sales = await SalespersonAsync();
        await CreateCustomerAsync(sales.Api, new { name = "视图跟随测试有限公司", industry = "医疗" });
        var page = await app.NewPageAsync(1280, 800);
        await page.LoginAsync(sales.Username, sales.Password);
        await page.StepAsync(app, "hide-column", async () =>
        {
            await Assertions.Expect(page.Locator("th[data-col=industry]")).ToHaveCountAsync(1);
            await page.TestId("open-columns").ClickAsync();
            var item = page.TestId("column-item").Filter(new LocatorFilterOptions { HasText = "行业" });
            await item.TestId("column-toggle").UncheckAsync();
            await Assertions.Expect(page.Locator("th[data-col=industry]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(app, "list-columns-dialog");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.TestId("columns-dialog")).ToBeHiddenAsync();
        });

        await page.StepAsync(app, "save-view", async () =>
        {
            await page.TestId("quick-not-followed-30").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("not_followed_days=30"));
            // The link changes before the list re-renders; a person looks at the pressed filter and 清除筛选 first.
            await Assertions.Expect(page.TestId("quick-not-followed-30")).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(page.TestId("clear-filters")).ToBeVisibleAsync();
            await page.TestId("views-button").ClickAsync();
            await page.TestId("view-save-open").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("view-save-dialog") });
            await Assertions.Expect(dialog.GetByLabel("视图名称")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("久未跟进", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(page.TestId("views-button")).ToContainTextAsync("久未跟进");
        });
        await page.Context.CloseAsync();

        var other = await app.NewPageAsync(1280, 800);
        await other.LoginAsync(sales.Username, sales.Password);
        await other.StepAsync(app, "new-browser", async () =>
        {
            await Assertions.Expect(other.TestId("customer-row")).ToHaveCountAsync(1);
            await Assertions.Expect(other.Locator("th[data-col=industry]")).ToHaveCountAsync(0);
            await Assertions.Expect(other.Locator("th[data-col=name]")).ToHaveCountAsync(1);
            await Assertions.Expect(other.TestId("views-button")).Not.ToContainTextAsync("久未跟进");
            await other.TestId("views-button").ClickAsync();
            await other.Locator("[data-testid=view-item][data-name=久未跟进]").ClickAsync();
            await Assertions.Expect(other).ToHaveURLAsync(new Regex("not_followed_days=30"));
            await Assertions.Expect(other.TestId("quick-not-followed-30")).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(other.TestId("views-button")).ToContainTextAsync("久未跟进");
            await other.ScreenshotAsync(app, "list-view-restored");
        });
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task Twelve_rows_fit_a_1280x800_screen_with_names_on_one_line()
    {
        var sales = await SalespersonAsync();
        for (var i = 0; i < 20; i++)
        {
            var name = i % 3 == 0 ? $"江苏省苏州市工业园区高端精密智能装备制造股份有限公司第{i:00}分公司" : $"紧凑行测试{i:00}有限公司";
            var id = await CreateCustomerAsync(sales.Api, new { name, short_name = i % 2 == 0 ? "简称" + i : null, industry = "电子制造" });
            await sales.Api.PostAsJsonAsync($"/api/v1/sales/customers/{id}/tags/batch", new { tag_names = new[] { "重点客户", "长期合作", "高价值客户" } });
            if (i % 4 == 0)
            {
                await sales.Api.PostAsJsonAsync($"/api/v1/sales/customers/{id}/follow-ups", new { content = "回访" });
            }
        }

        var page = await app.NewPageAsync(1280, 800);
        await page.LoginAsync(sales.Username, sales.Password);
        await page.StepAsync(app, "twelve-rows", async () =>
        {
            await Assertions.Expect(page.TestId("customer-row")).ToHaveCountAsync(20);
            var visible = await page.EvaluateAsync<int>("""
                () => [...document.querySelectorAll('[data-testid=customer-row]')]
                        .filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length
                """);
            Assert.True(visible >= 12, $"{visible} rows visible at 1280×800");

            // One line each: a long name ends in an ellipsis and carries the full name for hover.
            var heights = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('[data-testid=customer-row]')].map(r => r.getBoundingClientRect().height)");
            Assert.All(heights, h => Assert.InRange(h, 28, 40));
            var link = page.TestId("customer-link").Filter(new LocatorFilterOptions { HasText = "第00分公司" });
            await Assertions.Expect(link).ToHaveAttributeAsync("title", new Regex("^江苏省苏州市工业园区高端精密智能装备制造股份有限公司第00分公司"));
            Assert.True(await link.EvaluateAsync<bool>("a => a.scrollWidth > a.clientWidth"), "the long name should be cut with an ellipsis");

            // The 最后跟进时间 header stays on one line.
            var header = page.Locator("th[data-col=last_follow_up_at]");
            await Assertions.Expect(header).ToContainTextAsync("最后跟进时间");
            var fits = await header.EvaluateAsync<bool>("th => { const s = th.querySelector('button span'); return s.scrollWidth <= s.clientWidth && th.getBoundingClientRect().height < 40; }");
            Assert.True(fits, "the 最后跟进时间 header should fit on one line");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDir, "list-compact-1280x800.png") });
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_first_screen_shows_cards_and_the_filters_open_in_a_drawer()
    {
        var sales = await SalespersonAsync();
        var name = "手机卡片测试" + Guid.NewGuid().ToString("N")[..6] + "有限公司";
        var id = await CreateCustomerAsync(sales.Api, new { name });
        await sales.Api.PostAsJsonAsync($"/api/v1/sales/customers/{id}/contacts", new { name = "韩梅梅", mobile = "13812345678", is_primary = true });
        var page = await app.NewPageAsync(375, 740);
        await page.LoginAsync(sales.Username, sales.Password);
        var card = page.TestId("customer-card").Filter(new LocatorFilterOptions { HasText = name });

        await page.StepAsync(app, "phone-first-screen", async () =>
        {
            await Assertions.Expect(card).ToBeVisibleAsync();
            var box = await card.BoundingBoxAsync();
            Assert.True(box is not null && box.Y + box.Height <= 740, $"the first card ends at {box?.Y + box?.Height}, below the first screen");
            await Assertions.Expect(page.Locator(".crm-filter-panel")).ToBeHiddenAsync();
            await Assertions.Expect(card.TestId("card-call")).ToHaveAttributeAsync("href", "tel:13812345678");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDir, "list-phone-first-screen-375.png") });
        });

        await page.StepAsync(app, "phone-filter-drawer", async () =>
        {
            await page.TestId("open-filters").ClickAsync();
            var drawer = page.TestId("filter-drawer");
            await Assertions.Expect(drawer).ToBeVisibleAsync();
            await Assertions.Expect(drawer.TestId("filter-level")).ToHaveCountAsync(1);
            await Assertions.Expect(drawer.TestId("sort")).ToHaveCountAsync(1);
            await page.WaitForTimeoutAsync(400); // the drawer's slide-in, for the screenshot only
            await page.ScreenshotAsync(app, "list-phone-drawer");
            await drawer.TestId("close-filters").Locator("button").ClickAsync();
            await Assertions.Expect(drawer).ToHaveCountAsync(0);
            await Assertions.Expect(card).ToBeVisibleAsync();
        });

        await page.StepAsync(app, "phone-card-followup", async () =>
        {
            await card.TestId("card-followup").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("quick-followup") });
            await Assertions.Expect(dialog.Locator("[data-testid=followup-content] textarea")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("拜访后电话确认", new KeyboardTypeOptions { Delay = 20 });
            await page.ScreenshotAsync(app, "list-phone-quick-followup");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(card.TestId("card-last-follow-up")).ToContainTextAsync(Today);
        });
        Assert.Equal(1, await FollowUpCountAsync(sales.Api, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_detail_page_opens_on_the_timeline_and_its_header_logs_a_follow_up()
    {
        var sales = await SalespersonAsync();
        var id = await CreateCustomerAsync(sales.Api, new { name = "详情写跟进测试有限公司" });
        await sales.Api.PostAsJsonAsync($"/api/v1/sales/customers/{id}/follow-ups", new { content = "上周的拜访", follow_up_at = DateTime.UtcNow.AddDays(-7).ToString("o") });
        var page = await app.NewPageAsync(1280, 800);
        await page.LoginAsync(sales.Username, sales.Password, $"/customers/{id}");
        await page.StepAsync(app, "detail-followup", async () =>
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "跟进记录" })).ToHaveAttributeAsync("aria-selected", "true");
            await Assertions.Expect(page.TestId("followup-item")).ToHaveCountAsync(1);
            var timelineTop = (await page.TestId("followup-item").First.BoundingBoxAsync())!.Y;
            Assert.True(timelineTop < (await page.TestId("followup-form").BoundingBoxAsync())!.Y, "the timeline comes before the form");
            await page.TestId("detail-followup").Locator("button").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("quick-followup") });
            await Assertions.Expect(dialog.Locator("[data-testid=followup-content] textarea")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("今天电话回访，客户确认下单", new KeyboardTypeOptions { Delay = 20 });
            await dialog.Locator(".ant-radio-button-wrapper", new LocatorLocatorOptions { HasText = "拜访" }).ClickAsync();
            await dialog.Locator("button", new LocatorLocatorOptions { HasText = "保存" }).ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(page.TestId("followup-item")).ToHaveCountAsync(2);
            await Assertions.Expect(page.TestId("followup-item").First).ToContainTextAsync("今天电话回访，客户确认下单");
            await Assertions.Expect(page.TestId("detail-last-follow-up")).ToContainTextAsync(Today);
            await page.ScreenshotAsync(app, "detail-header-followup");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Phone_and_email_fields_bring_up_the_matching_phone_keyboard()
    {
        var sales = await SalespersonAsync();
        var id = await CreateCustomerAsync(sales.Api, new { name = "键盘类型测试有限公司" });
        var page = await app.NewPageAsync(375, 740);
        await page.LoginAsync(sales.Username, sales.Password, $"/customers/{id}");
        await page.StepAsync(app, "input-modes", async () =>
        {
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "联系人" }).ClickAsync();
            await page.TestId("add-contact").Locator("button").ClickAsync();
            // What the phone's keyboard follows: the input's type (as the browser reads it) and inputmode.
            var mobile = page.GetByLabel("手机号码");
            Assert.Equal("tel", await mobile.EvaluateAsync<string>("i => i.type"));
            await Assertions.Expect(mobile).ToHaveAttributeAsync("inputmode", "numeric");
            Assert.Equal("tel", await page.GetByLabel("座机").EvaluateAsync<string>("i => i.type"));
            Assert.Equal("email", await page.GetByLabel("电子邮箱").EvaluateAsync<string>("i => i.type"));
            await Assertions.Expect(page.GetByLabel("电子邮箱")).ToHaveAttributeAsync("inputmode", "email");
            await page.ScreenshotAsync(app, "contact-form-phone");
        });
        await page.Context.CloseAsync();
    }
}
