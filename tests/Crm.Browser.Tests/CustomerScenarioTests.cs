using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>What a salesperson does in a day, in a real browser against the real app.</summary>
[Collection("browser")]
public sealed partial class CustomerScenarioTests(AppServer app)
{
    [Fact]
    public async Task Wrong_password_is_refused_and_the_right_one_opens_the_customer_list()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/customers");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);

        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.TestId("login-error")).ToContainTextAsync("用户名或密码错误");
        Assert.Equal("admin", await page.InputValueAsync("#username"));

        await page.FillAsync("#password", AppServer.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitReadyAsync();
        Assert.EndsWith("/customers", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("客户列表");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_customer_appears_in_the_list_with_its_grade_and_a_raised_revenue_changes_the_grade()
    {
        var sales = await app.NewUserAsync(displayName: "李娜");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password);

        await page.StepAsync(app, "create", async () =>
        {
            await page.TestId("new-customer").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/customers/new$"));
            await page.Locator("[data-testid=field-name] input").FillAsync("无锡星河精工机械有限公司");
            await SelectOptionAsync(page, "field-status", "成交客户");
            await page.Locator("[data-testid=field-annual_revenue] input").FillAsync("300000");
            await page.Locator("[data-testid=field-cooperation_years] input").FillAsync("0");
            await page.Locator("[data-testid=field-cooperation_years] input").PressAsync("Tab");
            await page.TestId("save-customer").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(CustomerUrl());
            await Assertions.Expect(page.TestId("detail-grade")).ToHaveTextAsync("C 级");
        });

        var id = long.Parse(CustomerId().Match(page.Url).Groups[1].Value);
        await page.StepAsync(app, "list-shows-grade", async () =>
        {
            await page.GotoReadyAsync("/customers");
            var row = page.Locator("tr", new PageLocatorOptions { HasText = "无锡星河精工机械有限公司" });
            await Assertions.Expect(row.Locator("[data-testid=grade]")).ToHaveTextAsync("C");
            await Assertions.Expect(row).ToContainTextAsync("李娜");
        });

        await page.StepAsync(app, "raise-revenue", async () =>
        {
            await page.GotoReadyAsync($"/customers/{id}/edit");
            await Assertions.Expect(page.Locator("[data-testid=field-customer_code] input")).ToBeDisabledAsync();
            await page.Locator("[data-testid=field-annual_revenue] input").FillAsync("1500000");
            await page.Locator("[data-testid=field-cooperation_years] input").FillAsync("4");
            await page.Locator("[data-testid=field-cooperation_years] input").PressAsync("Tab");
            await Assertions.Expect(page.TestId("field-grade")).ToContainTextAsync("A");
            await page.TestId("save-customer").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/customers/{id}$"));
            await Assertions.Expect(page.TestId("detail-grade")).ToHaveTextAsync("A 级");
            await page.GotoReadyAsync("/customers");
            var row = page.Locator("tr", new PageLocatorOptions { HasText = "无锡星河精工机械有限公司" });
            await Assertions.Expect(row.Locator("[data-testid=grade]")).ToHaveTextAsync("A");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_form_shows_the_use_cases_messages_next_to_the_fields()
    {
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/customers/new");
        await page.StepAsync(app, "invalid", async () =>
        {
            await page.Locator("[data-testid=field-website] input").FillAsync("ftp://example.com");
            await page.Locator("[data-testid=field-website] input").PressAsync("Tab");
            await page.TestId("save-customer").ClickAsync();
            await Assertions.Expect(page.Locator(".ant-form-item-has-error", new PageLocatorOptions { HasText = "客户名称" })).ToContainTextAsync("客户名称不能为空");
            await Assertions.Expect(page.Locator(".ant-form-item-has-error", new PageLocatorOptions { HasText = "公司网址" })).ToBeVisibleAsync();
            Assert.EndsWith("/customers/new", page.Url, StringComparison.Ordinal);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_stale_edit_says_changed_by_someone_else_and_keeps_what_was_typed()
    {
        var created = await CreateCustomerAsync(app.AdminApi, new { name = "并发编辑测试有限公司", industry = "汽车" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{created}/edit");
        await page.StepAsync(app, "conflict", async () =>
        {
            await page.Locator("[data-testid=field-short_name] input").FillAsync("我的简称");
            await page.Locator("[data-testid=field-short_name] input").PressAsync("Tab");

            // A colleague saves meanwhile.
            var response = await app.AdminApi.PutAsJsonAsync($"/api/v1/sales/customers/{created}", new { industry = "医疗" });
            Assert.True(response.IsSuccessStatusCode);

            await page.TestId("save-customer").ClickAsync();
            await Assertions.Expect(page.TestId("conflict-alert")).ToContainTextAsync("已被他人修改");
            await Assertions.Expect(page.Locator("[data-testid=field-short_name] input")).ToHaveValueAsync("我的简称");

            await page.TestId("conflict-reload").Locator("button").ClickAsync();
            await Assertions.Expect(page.TestId("conflict-alert")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=field-short_name] input")).ToHaveValueAsync("我的简称");
            await Assertions.Expect(page.Locator("[data-testid=field-industry] input")).ToHaveValueAsync("医疗");
            await page.TestId("save-customer").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/customers/{created}$"));
        });

        var saved = JsonNode.Parse(await app.AdminApi.GetStringAsync($"/api/v1/sales/customers/{created}"))!;
        Assert.Equal("我的简称", saved["short_name"]!.GetValue<string>());
        Assert.Equal("医疗", saved["industry"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_contacts_and_the_primary_one_moves_with_a_click()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "联系人测试科技有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");

        await page.StepAsync(app, "add-contacts", async () =>
        {
            await AddContactAsync(page, "张伟", "13912345678");
            await AddContactAsync(page, "王芳", "13812345678");
            var cards = page.TestId("contact-card");
            await Assertions.Expect(cards).ToHaveCountAsync(2);

            // The first contact became primary and stays pinned on top with its badge.
            await Assertions.Expect(cards.First.TestId("contact-name")).ToHaveTextAsync("张伟");
            await Assertions.Expect(cards.First).ToHaveAttributeAsync("data-primary", "true");
        });

        await page.StepAsync(app, "switch-primary", async () =>
        {
            var wang = page.TestId("contact-card").Filter(new LocatorFilterOptions { HasText = "王芳" });
            await wang.TestId("set-primary").ClickAsync();
            var first = page.TestId("contact-card").First;
            await Assertions.Expect(first.TestId("contact-name")).ToHaveTextAsync("王芳");
            await Assertions.Expect(first).ToHaveAttributeAsync("data-primary", "true");
            await Assertions.Expect(page.Locator("[data-testid=contact-card][data-primary=true]")).ToHaveCountAsync(1);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Tags_added_on_the_customer_page_filter_the_list()
    {
        var tagged = await CreateCustomerAsync(app.AdminApi, new { name = "标签筛选目标有限公司" });
        await CreateCustomerAsync(app.AdminApi, new { name = "没有标签的有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{tagged}");

        await page.StepAsync(app, "add-tags", async () =>
        {
            await page.Locator(".ant-tabs-tab", new PageLocatorOptions { HasText = "标签" }).ClickAsync();
            await page.Locator("[data-testid=pick-tag][data-tag=重点客户]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=重点客户]")).ToBeVisibleAsync();
            await page.Locator("[data-testid=custom-tag-input] input").FillAsync("西北片区");
            await page.TestId("custom-tag-add").Locator("button").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=西北片区]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=pick-tag][data-tag=重点客户]")).ToBeDisabledAsync();
        });

        await page.StepAsync(app, "filter-by-tag", async () =>
        {
            await page.GotoReadyAsync("/customers");
            await Assertions.Expect(page.TestId("customer-filters")).ToHaveAttributeAsync("data-options", "ready");
            await SelectOptionAsync(page, "filter-tags", "西北片区");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("tag=" + Regex.Escape(Uri.EscapeDataString("西北片区"))));
            var table = page.TestId("customer-table");
            await Assertions.Expect(table).ToContainTextAsync("标签筛选目标有限公司");
            await Assertions.Expect(table).Not.ToContainTextAsync("没有标签的有限公司");
            await Assertions.Expect(page.Locator(".ant-pagination-total-text")).ToHaveTextAsync("共 1 个客户");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_renames_a_tag_on_the_tag_page_and_the_customer_shows_the_new_name()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "标签改名测试有限公司" });
        var added = await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{id}/tags", new { tag_name = "华南片区" });
        Assert.True(added.IsSuccessStatusCode);
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/admin/tags");

        await page.StepAsync(app, "rename-tag", async () =>
        {
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("标签管理");
            var actions = page.Locator("[data-testid='tag-actions-华南片区']:visible");
            await actions.TestId("tag-rename").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("tag-rename-input") });
            await dialog.Locator("[data-testid=tag-rename-input] input").FillAsync("华南大区");
            await dialog.Locator("[data-testid=tag-rename-input] input").PressAsync("Tab");
            await dialog.Locator(".ant-btn-primary").ClickAsync();

            // The first 保存 says what will happen; the second does it.
            await Assertions.Expect(dialog.TestId("tag-rename-confirm")).ToContainTextAsync("重命名为「华南大区」？1 位客户");
            await dialog.Locator(".ant-btn-primary").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid='tag-actions-华南大区']:visible")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid='tag-actions-华南片区']")).ToHaveCountAsync(0);
        });

        await page.StepAsync(app, "customer-shows-new-name", async () =>
        {
            await page.GotoReadyAsync($"/customers/{id}");
            await page.Locator(".ant-tabs-tab", new PageLocatorOptions { HasText = "标签" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=华南大区]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=华南片区]")).ToHaveCountAsync(0);
        });

        await page.StepAsync(app, "delete-tag-everywhere", async () =>
        {
            await page.GotoReadyAsync("/admin/tags");
            await page.Locator("[data-testid='tag-actions-华南大区']:visible").TestId("tag-delete").ClickAsync();
            var confirm = page.Locator(".ant-popover:visible");
            await Assertions.Expect(confirm).ToContainTextAsync("1 位客户将失去此标签");
            await confirm.Locator(".ant-btn-primary").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid='tag-actions-华南大区']")).ToHaveCountAsync(0);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Selected_customers_get_a_tag_in_bulk()
    {
        var owner = await app.NewUserAsync(displayName: "郑爽");
        using var api = await app.ApiClientAsync(owner.Username, owner.Password);
        await CreateCustomerAsync(api, new { name = "批量一号有限公司" });
        await CreateCustomerAsync(api, new { name = "批量二号有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync(owner.Username, owner.Password);
        await page.StepAsync(app, "bulk", async () =>
        {
            await page.GetByLabel("选择本页全部客户").CheckAsync();
            await Assertions.Expect(page.TestId("bulk-bar")).ToContainTextAsync("已选择 2 个客户");
            await page.TestId("bulk-tag").Locator("button").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible");
            // The dialog takes the focus once it has finished opening; click into the box after that, as a person would.
            await page.WaitForTimeoutAsync(400);
            await dialog.Locator("[data-testid=bulk-tag-select] input").ClickAsync();
            await page.Keyboard.TypeAsync("战略", new KeyboardTypeOptions { Delay = 40 });
            await page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new PageLocatorOptions { HasText = "战略客户" }).ClickAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=bulk-chip][data-tag=战略客户]")).ToBeVisibleAsync();
            await dialog.Locator(".ant-modal-title").ClickAsync();
            await dialog.Locator(".ant-btn-primary").ClickAsync();
            await Assertions.Expect(page.TestId("customer-table").Locator(".ant-tag", new LocatorLocatorOptions { HasText = "战略客户" })).ToHaveCountAsync(2);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_follow_up_appears_on_the_timeline_and_as_the_last_follow_up()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "跟进记录测试有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");
        await page.StepAsync(app, "follow-up", async () =>
        {
            await page.Locator(".ant-tabs-tab", new PageLocatorOptions { HasText = "跟进记录" }).ClickAsync();
            await page.Locator(".crm-followup-form .ant-radio-button-wrapper", new PageLocatorOptions { HasText = "拜访" }).ClickAsync();
            await page.Locator("[data-testid=followup-content] textarea").FillAsync("上门拜访，客户计划下季度扩产。");
            await page.Locator("[data-testid=followup-content] textarea").PressAsync("Tab");
            await page.TestId("followup-save").Locator("button").ClickAsync();
            var item = page.TestId("followup-item").First;
            await Assertions.Expect(item).ToContainTextAsync("上门拜访，客户计划下季度扩产。");
            await Assertions.Expect(item).ToContainTextAsync("拜访");
            await Assertions.Expect(page.TestId("customer-header")).Not.ToContainTextAsync("最后跟进时间—");
        });

        await page.StepAsync(app, "edit-follow-up", async () =>
        {
            await page.TestId("followup-item").First.TestId("followup-edit").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("followup-edit-form") });
            var content = dialog.Locator("[data-testid=followup-content] textarea");
            await Assertions.Expect(content).ToHaveValueAsync("上门拜访，客户计划下季度扩产。");
            await content.FillAsync("上门拜访，客户确认下季度扩产两条产线。");
            await content.PressAsync("Tab");
            await dialog.Locator(".ant-btn-primary").ClickAsync();
            await Assertions.Expect(page.TestId("followup-item").First).ToContainTextAsync("客户确认下季度扩产两条产线");
            await Assertions.Expect(page.TestId("followup-item")).ToHaveCountAsync(1);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_contact_whose_birthday_is_today_shows_under_upcoming_birthdays()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "生日关怀测试有限公司" });
        var today = DateTime.UtcNow.AddHours(8);
        var birthday = new DateOnly(1990, today.Month, today.Month == 2 && today.Day == 29 ? 28 : today.Day);
        var created = await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{id}/contacts", new { name = "陈静", birthday = birthday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(created.IsSuccessStatusCode);
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/contacts");
        await page.StepAsync(app, "birthdays", async () =>
        {
            await page.TestId("contacts-view").Locator(".ant-radio-button-wrapper", new LocatorLocatorOptions { HasText = "近期生日" }).ClickAsync();
            var row = page.Locator("tr", new PageLocatorOptions { Has = page.Locator("[data-testid=birthday-row-name]", new PageLocatorOptions { HasText = "陈静" }) });
            await Assertions.Expect(row).ToContainTextAsync("生日关怀测试有限公司");
            await Assertions.Expect(row).ToContainTextAsync("今天");
            await page.TestId("birthday-days").Locator(".ant-radio-button-wrapper", new LocatorLocatorOptions { HasText = "7 天" }).ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("今天");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Typing_two_chinese_characters_filters_the_list_and_the_url_keeps_the_view()
    {
        await CreateCustomerAsync(app.AdminApi, new { name = "常州鼎盛纺织有限公司" });
        await CreateCustomerAsync(app.AdminApi, new { name = "扬州运河物流有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);
        await page.StepAsync(app, "search", async () =>
        {
            await page.Locator("[data-testid=customer-search] input").PressSequentiallyAsync("鼎盛", new LocatorPressSequentiallyOptions { Delay = 80 });
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("keyword=%E9%BC%8E%E7%9B%9B"));
            var table = page.TestId("customer-table");
            await Assertions.Expect(table).ToContainTextAsync("常州鼎盛纺织有限公司");
            await Assertions.Expect(table).Not.ToContainTextAsync("扬州运河物流有限公司");

            // The same URL opened fresh shows the same view.
            await page.GotoReadyAsync(page.Url);
            await Assertions.Expect(page.Locator("[data-testid=customer-search] input")).ToHaveValueAsync("鼎盛");
            await Assertions.Expect(page.TestId("customer-table")).Not.ToContainTextAsync("扬州运河物流有限公司");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_link_with_a_bad_filter_still_opens_and_says_what_it_ignored()
    {
        await CreateCustomerAsync(app.AdminApi, new { name = "镇江链接测试机械有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);
        await page.GotoReadyAsync("/customers?keyword=%E9%93%BE%E6%8E%A5%E6%B5%8B%E8%AF%95&page_size=5000");

        var notice = page.TestId("url-ignored");
        await Assertions.Expect(notice).ToContainTextAsync("链接里有无效的筛选条件，已忽略");
        await Assertions.Expect(notice).ToContainTextAsync("page_size 必须是 1 到 100 之间的整数");
        await Assertions.Expect(page.TestId("customer-table")).ToContainTextAsync("镇江链接测试机械有限公司");
        await page.ScreenshotAsync(app, "11-customers-bad-link");

        // The next change writes a clean link, and the notice goes.
        await page.TestId("customer-search").Locator("input").PressAsync("End");
        await page.TestId("customer-search").Locator("input").PressSequentiallyAsync("机械", new LocatorPressSequentiallyOptions { Delay = 80 });
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("keyword=%E9%93%BE%E6%8E%A5%E6%B5%8B%E8%AF%95%E6%9C%BA%E6%A2%B0$"));
        await Assertions.Expect(notice).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_salesperson_never_sees_another_salespersons_customer_even_by_url()
    {
        var owner = await app.NewUserAsync(displayName: "赵强");
        var other = await app.NewUserAsync(displayName: "孙丽");
        using var ownerApi = await app.ApiClientAsync(owner.Username, owner.Password);
        var id = await CreateCustomerAsync(ownerApi, new { name = "赵强的保密客户有限公司" });

        var page = await app.NewPageAsync();
        await page.LoginAsync(other.Username, other.Password);
        await page.StepAsync(app, "scope", async () =>
        {
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("客户列表");
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("赵强的保密客户有限公司");
            await page.GotoReadyAsync($"/customers/{id}");
            await Assertions.Expect(page.Locator(".ant-result")).ToContainTextAsync("客户不存在");
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("赵强的保密客户有限公司");
            await page.GotoReadyAsync($"/customers/{id}/edit");
            await Assertions.Expect(page.Locator(".ant-result")).ToContainTextAsync("客户不存在");

            // Nor the admin pages.
            await page.GotoAsync("/admin/users");
            await Assertions.Expect(page.Locator(".ant-result")).ToContainTextAsync("403");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_deactivated_user_is_signed_out()
    {
        var sales = await app.NewUserAsync(displayName: "周杰");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password);
        var response = await app.AdminApi.PutAsJsonAsync($"/api/v1/users/{sales.Id}", new { is_active = false });
        Assert.True(response.IsSuccessStatusCode);
        await page.StepAsync(app, "signed-out", async () =>
        {
            await page.GotoAsync("/customers");
            await page.ExpectPathAsync("/login");
            await Assertions.Expect(page.Locator("#username")).ToBeVisibleAsync();
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_deactivates_a_user_after_confirming_and_that_user_cannot_sign_in()
    {
        var sales = await app.NewUserAsync(displayName: "离职的孙丽");
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/admin/users");
        await page.StepAsync(app, "deactivate-user", async () =>
        {
            var actions = page.TestId($"user-actions-{sales.Username}").First;
            await actions.Locator("a", new LocatorLocatorOptions { HasText = "停用" }).ClickAsync();
            var dialog = page.Locator(".ant-modal:visible");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await dialog.Locator("button.ant-btn-dangerous").ClickAsync();
            await Assertions.Expect(page.TestId($"user-actions-{sales.Username}").First.Locator("a", new LocatorLocatorOptions { HasText = "启用" })).ToBeVisibleAsync();
        });
        var login = await app.AdminApi.PostAsJsonAsync("/api/v1/auth/login", new { username = sales.Username, password = sales.Password });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, login.StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_stats_page_draws_its_four_charts()
    {
        await CreateCustomerAsync(app.AdminApi, new { name = "统计图表测试有限公司", status = "customer", annual_revenue = 800000, cooperation_years = 2 });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/stats");
        await page.StepAsync(app, "charts", async () =>
        {
            foreach (var chart in new[] { "chart-status", "chart-level", "chart-revenue", "chart-monthly" })
            {
                await Assertions.Expect(page.TestId(chart)).ToHaveAttributeAsync("data-chart-ready", "true");
                await Assertions.Expect(page.TestId(chart).Locator("svg")).ToHaveCountAsync(1);
            }

            await Assertions.Expect(page.TestId("stat-cards")).ToContainTextAsync("客户总数");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_shows_english_and_back()
    {
        var sales = await app.NewUserAsync(displayName: "吴磊");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password);
        await page.StepAsync(app, "english", async () =>
        {
            await page.TestId("user-menu").ClickAsync();
            await page.Locator(".ant-dropdown-menu-item", new PageLocatorOptions { HasText = "English" }).ClickAsync();
            await page.WaitReadyAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Customers");
            await Assertions.Expect(page.Locator(".crm-sider .ant-menu")).ToContainTextAsync("Statistics");
            await page.ScreenshotAsync(app, "09-customers-english");

            await page.TestId("user-menu").ClickAsync();
            await page.Locator(".ant-dropdown-menu-item", new PageLocatorOptions { HasText = "中文" }).ClickAsync();
            await page.WaitReadyAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("客户列表");
        });
        await page.Context.CloseAsync();
    }

    /// <summary>Opens an AntDesign select and picks an option once the dropdown has finished sliding open.</summary>
    internal static async Task SelectOptionAsync(IPage page, string testId, string option)
    {
        await page.TestId(testId).Locator(".ant-select").ClickAsync();
        var item = page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new PageLocatorOptions { HasText = option }).First;
        await item.WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        await item.ScrollIntoViewIfNeededAsync();

        // Hovering makes the option active, which re-renders the list over the circuit; click once that has landed.
        await item.HoverAsync();
        await page.WaitForTimeoutAsync(250);
        await item.ClickAsync();
    }

    private static async Task AddContactAsync(IPage page, string name, string mobile)
    {
        // The detail page opens on 跟进记录; contacts are one tab over.
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "联系人" }).ClickAsync();
        // A click that lands while the previous dialog is still fading out is swallowed by its mask: click again.
        var dialog = page.Locator(".ant-modal:visible");
        for (var attempt = 0; attempt < 5 && await dialog.CountAsync() == 0; attempt++)
        {
            await page.TestId("add-contact").Locator("button").ClickAsync();
            await page.WaitForTimeoutAsync(400);
        }

        await dialog.Locator("[data-testid=contact-field-name] input").FillAsync(name);
        await dialog.Locator("[data-testid=contact-field-mobile] input").FillAsync(mobile);
        await dialog.Locator("[data-testid=contact-field-mobile] input").PressAsync("Tab");
        await dialog.Locator(".ant-btn-primary").ClickAsync();
        await Assertions.Expect(page.TestId("contact-card").Filter(new LocatorFilterOptions { HasText = name })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".ant-modal-wrap:visible")).ToHaveCountAsync(0);
    }

    internal static async Task<long> CreateCustomerAsync(HttpClient api, object body)
    {
        var response = await api.PostAsJsonAsync("/api/v1/sales/customers", body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json["id"]!.GetValue<long>();
    }

    [GeneratedRegex(@"/customers/(\d+)$")]
    private static partial Regex CustomerId();

    private static Regex CustomerUrl() => CustomerId();
}
