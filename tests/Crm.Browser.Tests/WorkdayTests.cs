using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>A salesperson's day (issue 15): sign in to the 工作台, open today's customer, change one's own password.</summary>
[Collection("browser")]
public sealed class WorkdayTests(AppServer app)
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task Signing_in_opens_the_workbench_where_todays_customer_is_one_click_from_its_page(int width)
    {
        var user = await app.NewUserAsync(displayName: $"工作台{width}");
        var api = await app.ApiClientAsync(user.Username, user.Password);
        var name = $"今日回访{width}精密机械有限公司";
        var id = await CreateAsync(api, "/api/v1/sales/customers", new { name, status = "prospect" });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Zone).DateTime);
        await CreateAsync(api, $"/api/v1/sales/customers/{id}/follow-ups", new
        {
            content = "报价已发，约好今天回电",
            follow_up_at = DateTimeOffset.UtcNow.AddDays(-1),
            next_follow_up_at = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:00:00+08:00",
        });

        var page = await app.NewPageAsync(width);
        await page.StepAsync(app, $"sign-in-{width}", async () =>
        {
            await page.GotoAsync("/login");
            await page.Locator("#username").FocusAsync();
            await page.Keyboard.TypeAsync(user.Username, new KeyboardTypeOptions { Delay = 15 });
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync(user.Password, new KeyboardTypeOptions { Delay = 15 });
            await page.Keyboard.PressAsync("Enter");
            await page.WaitReadyAsync();

            Assert.Equal(app.BaseUrl + "/", page.Url);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("工作台");
            var due = page.TestId("wb-due-today");
            await Assertions.Expect(due.TestId("wb-due-today-count")).ToHaveTextAsync("1");
            await Assertions.Expect(due.TestId("workbench-item")).ToHaveCountAsync(1);
            await Assertions.Expect(due.TestId("workbench-item")).ToContainTextAsync(name);
            await Assertions.Expect(due.TestId("workbench-item")).ToContainTextAsync("计划 23:00 跟进");
            await Assertions.Expect(page.TestId("wb-status-prospect")).ToContainTextAsync("1");
            await Assertions.Expect(page.TestId("wb-recent").TestId("workbench-change").First).ToContainTextAsync(name);
            await page.ScreenshotAsync(app, "workbench-sales");
        });

        await page.StepAsync(app, $"open-customer-{width}", async () =>
        {
            await page.TestId("wb-due-today").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = name }).ClickAsync();
            await page.ExpectPathAsync($"/customers/{id}");
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_sees_the_team_and_narrows_the_workbench_to_one_salesperson()
    {
        var user = await app.NewUserAsync(displayName: "挑选的销售");
        var api = await app.ApiClientAsync(user.Username, user.Password);
        await CreateAsync(api, "/api/v1/sales/customers", new { name = "挑选销售的客户有限公司", status = "customer", annual_revenue = 2_000_000, cooperation_years = 5 });

        foreach (var width in new[] { 1280, 375 })
        {
            var page = await app.NewPageAsync(width);
            await page.LoginAsync("admin", AppServer.AdminPassword, "/");
            await page.StepAsync(app, $"admin-team-{width}", async () =>
            {
                await Assertions.Expect(page.TestId("wb-counts")).ToContainTextAsync("团队客户");
                await page.ScreenshotAsync(app, "workbench-admin");
                await page.TestId("workbench-owner").Locator(".ant-select-selector").ClickAsync();
                await page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new PageLocatorOptions { HasText = "挑选的销售" }).ClickAsync();
                await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/\?sales_owner_id={user.Id}$"));
                await Assertions.Expect(page.TestId("workbench")).ToHaveAttributeAsync("data-owner", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Assertions.Expect(page.TestId("wb-counts-total")).ToHaveTextAsync("共 1 个");
                await Assertions.Expect(page.TestId("wb-level-A")).ToContainTextAsync("1");
            });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_signs_out_the_other_and_only_the_new_password_works()
    {
        var user = await app.NewUserAsync(displayName: "改密码的销售");
        const string newPassword = "Changed#2026pw";
        var here = await app.NewPageAsync(1280);
        await here.LoginAsync(user.Username, user.Password, "/");
        var phone = await app.NewPageAsync(375);
        await phone.LoginAsync(user.Username, user.Password, "/");

        await here.StepAsync(app, "wrong-current-password", async () =>
        {
            await here.TestId("user-menu").ClickAsync();
            await here.TestId("menu-settings").ClickAsync();
            await here.ExpectPathAsync("/settings");
            await here.TestId("settings-current-password").Locator("input").FocusAsync();
            await here.Keyboard.TypeAsync("Not-the-one#1", new KeyboardTypeOptions { Delay = 15 });
            await here.Keyboard.PressAsync("Tab");
            await here.Keyboard.TypeAsync(newPassword, new KeyboardTypeOptions { Delay = 15 });
            await here.Keyboard.PressAsync("Tab");
            await here.Keyboard.TypeAsync(newPassword, new KeyboardTypeOptions { Delay = 15 });
            await here.Keyboard.PressAsync("Enter");
            await Assertions.Expect(here.TestId("settings-password")).ToContainTextAsync("当前密码不正确");
            await here.ScreenshotAsync(app, "settings-wrong-password");
        });

        await here.StepAsync(app, "change-password", async () =>
        {
            var current = here.TestId("settings-current-password").Locator("input");
            await current.FocusAsync();
            await here.Keyboard.PressAsync("Control+A");
            await here.Keyboard.TypeAsync(user.Password, new KeyboardTypeOptions { Delay = 15 });
            await here.TestId("settings-confirm-password").Locator("input").FocusAsync();
            await here.Keyboard.PressAsync("Enter");
            await Assertions.Expect(here.Locator(".ant-message")).ToContainTextAsync("密码已修改");
            await Assertions.Expect(current).ToHaveValueAsync("");

            // This browser stays signed in: the menu still opens pages.
            await here.GotoReadyAsync("/");
            await Assertions.Expect(here.Locator("h1")).ToHaveTextAsync("工作台");
        });

        await phone.StepAsync(app, "other-session-ends", async () =>
        {
            await phone.GotoAsync("/customers");
            await phone.ExpectPathAsync("/login");
            await phone.Locator("#username").FillAsync(user.Username);
            await phone.Locator("#password").FocusAsync();
            await phone.Keyboard.TypeAsync(user.Password, new KeyboardTypeOptions { Delay = 15 });
            await phone.Keyboard.PressAsync("Enter");
            await Assertions.Expect(phone.TestId("login-error")).ToContainTextAsync("用户名或密码错误");
            await phone.Locator("#password").FocusAsync();
            await phone.Keyboard.TypeAsync(newPassword, new KeyboardTypeOptions { Delay = 15 });
            await phone.Keyboard.PressAsync("Enter");
            await phone.WaitReadyAsync();
            await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("客户列表");
        });

        await here.StepAsync(app, "settings-screens", async () =>
        {
            await here.GotoReadyAsync("/settings");
            await here.ScreenshotAsync(app, "settings");
            await phone.GotoReadyAsync("/settings");
            await phone.ScreenshotAsync(app, "settings");
        });
        await here.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task Granting_the_admin_role_asks_first_and_admins_rename_users()
    {
        var user = await app.NewUserAsync(displayName: "待授权销售");
        var page = await app.NewPageAsync(1280);
        await page.LoginAsync("admin", AppServer.AdminPassword, "/admin/users");
        await page.StepAsync(app, "grant-admin", async () =>
        {
            var role = page.TestId($"user-role-{user.Username}");
            await role.Locator(".ant-select-selector").ClickAsync();
            await page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new PageLocatorOptions { HasText = "管理员" }).ClickAsync();
            var dialog = page.Locator(".ant-modal:visible");
            await Assertions.Expect(dialog).ToContainTextAsync("授予「待授权销售」管理员权限？");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(role).ToContainTextAsync("销售");
            Assert.Equal("sales", (await UserAsync(user.Id))["role"]!.GetValue<string>());

            await role.Locator(".ant-select-selector").ClickAsync();
            await page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new PageLocatorOptions { HasText = "管理员" }).ClickAsync();
            await page.Locator(".ant-modal:visible").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "授予管理员" }).ClickAsync();
            await Assertions.Expect(page.Locator(".ant-message")).ToContainTextAsync("的角色已改为管理员");
            Assert.Equal("admin", (await UserAsync(user.Id))["role"]!.GetValue<string>());
        });

        await page.StepAsync(app, "rename", async () =>
        {
            await page.TestId($"user-actions-{user.Username}").First.GetByText("改名").ClickAsync();
            var input = page.TestId("user-rename-input").Locator("input");
            await Assertions.Expect(input).ToHaveValueAsync("待授权销售");
            await input.FocusAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("新名字经理", new KeyboardTypeOptions { Delay = 20 });
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".ant-message")).ToContainTextAsync("已将显示名称改为「新名字经理」");
            Assert.Equal("新名字经理", (await UserAsync(user.Id))["display_name"]!.GetValue<string>());
            await page.ScreenshotAsync(app, "users-renamed");
        });
        await page.Context.CloseAsync();
    }

    private async Task<JsonNode> UserAsync(long id) =>
        JsonNode.Parse(await app.AdminApi.GetStringAsync($"/api/v1/users/{id}"))!;

    private static async Task<long> CreateAsync(HttpClient api, string url, object body)
    {
        var response = await api.PostAsJsonAsync(url, body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, $"POST {url} → {(int)response.StatusCode}: {json}");
        return json["id"]!.GetValue<long>();
    }
}
