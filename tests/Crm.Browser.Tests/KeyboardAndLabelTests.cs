using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Crm.Browser.Tests.CustomerScenarioTests;

namespace Crm.Browser.Tests;

/// <summary>A person who uses only the keyboard, or a screen reader, gets through the forms.</summary>
[Collection("browser")]
public sealed class KeyboardAndLabelTests(AppServer app)
{
    [Fact]
    public async Task A_customer_is_created_with_the_keyboard_only_and_every_field_is_found_by_its_chinese_label()
    {
        var sales = await app.NewUserAsync(displayName: "键盘用户");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password, "/customers/new");

        await page.StepAsync(app, "labels", async () =>
        {
            foreach (var label in new[] { "客户名称", "客户简称", "所属行业", "企业规模", "客户来源", "年成交额（元）", "合作年限", "信用额度（元）", "付款条件", "账期（天）", "详细地址", "公司网址", "成立日期", "客户状态" })
            {
                await Assertions.Expect(page.GetByLabel(label, new PageGetByLabelOptions { Exact = true })).ToHaveCountAsync(1);
            }

            // The number boxes' up/down handles are not announced in English: the arrow keys do their job.
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Increase Value" })).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Decrease Value" })).ToHaveCountAsync(0);
        });

        await page.StepAsync(app, "type", async () =>
        {
            await page.GetByLabel("客户名称", new PageGetByLabelOptions { Exact = true }).FocusAsync();
            await page.Keyboard.TypeAsync("键盘录入精密仪器有限公司", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("客户简称", new PageGetByLabelOptions { Exact = true })).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("键盘仪器", new KeyboardTypeOptions { Delay = 20 });
            await page.GetByLabel("客户状态").FocusAsync();
            foreach (var key in new[] { "ArrowDown", "ArrowDown", "ArrowDown", "Enter" })
            {
                // A person's pace: the list opens and follows each key.
                await page.WaitForTimeoutAsync(250);
                await page.Keyboard.PressAsync(key);
            }

            await Assertions.Expect(page.TestId("field-status")).ToContainTextAsync("成交客户");
            await page.GetByLabel("年成交额（元）").FocusAsync();
            await page.Keyboard.TypeAsync("2000000", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("合作年限")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("3", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("ArrowUp");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("合作年限")).ToHaveValueAsync("4");

            // Tab on to 保存 and press Enter.
            for (var i = 0; i < 40 && !await page.EvaluateAsync<bool>("() => document.activeElement?.closest('[data-testid=save-customer]') != null"); i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/customers/\d+$"));
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("键盘录入精密仪器有限公司");
            await Assertions.Expect(page.TestId("detail-grade")).ToHaveTextAsync("A 级");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_contact_is_added_with_the_keyboard_only()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "键盘联系人测试有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");
        await page.StepAsync(app, "keyboard-contact", async () =>
        {
            var tab = page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "联系人" });
            await tab.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.TestId("add-contact").Locator("button").FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog.GetByLabel("姓名")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("钱多多", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(dialog.GetByLabel("手机号码")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("13700001111", new KeyboardTypeOptions { Delay = 20 });

            // Enter in a field saves the dialog, as in any form.
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.TestId("contact-card").Filter(new LocatorFilterOptions { HasText = "钱多多" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.TestId("contact-card").Filter(new LocatorFilterOptions { HasText = "钱多多" })).ToContainTextAsync("13700001111");
            await Assertions.Expect(page.Locator(".ant-modal-wrap:visible")).ToHaveCountAsync(0);

            // Esc closes an opened dialog without saving.
            await page.TestId("add-contact").Locator("button").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog.GetByLabel("姓名")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("不要保存", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator(".ant-modal-wrap:visible")).ToHaveCountAsync(0);
            await Assertions.Expect(page.TestId("contact-card")).ToHaveCountAsync(1);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dialogs_put_cancel_before_the_confirming_button()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "按钮顺序测试有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");
        await page.StepAsync(app, "order", async () =>
        {
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "联系人" }).ClickAsync();
            await page.TestId("add-contact").Locator("button").ClickAsync();
            var buttons = page.Locator(".ant-modal:visible .ant-modal-footer button");
            await Assertions.Expect(buttons).ToHaveCountAsync(2);
            Assert.Equal(["取消", "保存"], (await buttons.AllInnerTextsAsync()).Select(t => t.Replace(" ", "", StringComparison.Ordinal)).ToArray());
            await page.Keyboard.PressAsync("Escape");

            await page.GotoReadyAsync("/admin/users");
            await page.Locator("[data-testid^=user-actions-]:visible a", new PageLocatorOptions { HasText = "停用" }).First.ClickAsync();
            var confirm = page.Locator(".ant-modal:visible .ant-modal-footer button");
            await Assertions.Expect(confirm).ToHaveCountAsync(2);
            Assert.Equal(["取消", "停用"], (await confirm.AllInnerTextsAsync()).Select(t => t.Replace(" ", "", StringComparison.Ordinal)).ToArray());
            await Assertions.Expect(confirm.Last).ToHaveClassAsync(new Regex("ant-btn-dangerous"));
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_mistyped_address_shows_the_apps_own_not_found_page_inside_the_layout()
    {
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);
        await page.StepAsync(app, "not-found", async () =>
        {
            var response = await page.GotoAsync("/custmers/oops");
            Assert.Equal(404, response!.Status);
            await page.WaitReadyAsync();
            await Assertions.Expect(page.Locator(".crm-sider")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".ant-result")).ToContainTextAsync("页面不存在");
            await page.ScreenshotAsync(app, "12-not-found");
            await page.Locator(".ant-result a").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/customers$"));
        });
        await page.Context.CloseAsync();
    }
}
