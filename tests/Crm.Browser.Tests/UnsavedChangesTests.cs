using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Crm.Browser.Tests.CustomerScenarioTests;

namespace Crm.Browser.Tests;

/// <summary>Leaving a form with unsaved changes asks first; nothing typed goes without the user saying so.</summary>
[Collection("browser")]
public sealed class UnsavedChangesTests(AppServer app)
{
    [Fact]
    public async Task Leaving_an_edited_customer_form_asks_first_in_the_app_and_when_closing_the_tab()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "未保存修改测试有限公司", short_name = "旧简称" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}/edit");
        var shortName = page.GetByLabel("客户简称");

        await page.StepAsync(app, "menu-asks", async () =>
        {
            await shortName.FocusAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("新简称", new KeyboardTypeOptions { Delay = 30 });
            await page.Keyboard.PressAsync("Tab");

            // 联系人 in the menu: the dialog asks, and 留在此页 keeps what was typed.
            await page.Locator(".crm-sider .ant-menu a", new PageLocatorOptions { HasText = "联系人" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { HasText = "离开此页？" });
            await Assertions.Expect(dialog).ToContainTextAsync("您的修改尚未保存");
            Assert.EndsWith($"/customers/{id}/edit", page.Url, StringComparison.Ordinal);
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            Assert.EndsWith($"/customers/{id}/edit", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(shortName).ToHaveValueAsync("新简称");
        });

        await page.StepAsync(app, "tab-close-asks", async () =>
        {
            string? dialogType = null;
            page.Dialog += async (_, d) =>
            {
                dialogType = d.Type;
                await d.DismissAsync();
            };
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
            for (var i = 0; i < 50 && dialogType is null; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal("beforeunload", dialogType);
            Assert.False(page.IsClosed);
            await Assertions.Expect(shortName).ToHaveValueAsync("新简称");
        });

        await page.StepAsync(app, "leave-anyway", async () =>
        {
            await page.Locator(".crm-sider .ant-menu a", new PageLocatorOptions { HasText = "联系人" }).ClickAsync();
            var dialog = page.Locator(".ant-modal:visible", new PageLocatorOptions { HasText = "离开此页？" });
            var buttons = dialog.Locator(".ant-modal-footer button");
            Assert.Equal(["留在此页", "离开，不保存"], (await buttons.AllInnerTextsAsync()).ToArray());
            await buttons.Last.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/contacts$"));
        });

        var saved = JsonNode.Parse(await app.AdminApi.GetStringAsync($"/api/v1/sales/customers/{id}"))!;
        Assert.Equal("旧简称", saved["short_name"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_saved_or_untouched_form_leaves_without_asking()
    {
        var id = await CreateCustomerAsync(app.AdminApi, new { name = "无需确认测试有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}/edit");
        await page.StepAsync(app, "no-prompt", async () =>
        {
            await page.Locator(".crm-sider .ant-menu a", new PageLocatorOptions { HasText = "联系人" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/contacts$"));

            await page.GotoReadyAsync($"/customers/{id}/edit");
            await page.GetByLabel("客户简称").FocusAsync();
            await page.Keyboard.TypeAsync("无需确认", new KeyboardTypeOptions { Delay = 30 });
            await page.Keyboard.PressAsync("Tab");
            await page.TestId("save-customer").Locator("button").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/customers/{id}$"));
            await Assertions.Expect(page.Locator(".ant-modal:visible")).ToHaveCountAsync(0);
        });
        await page.Context.CloseAsync();
    }
}
