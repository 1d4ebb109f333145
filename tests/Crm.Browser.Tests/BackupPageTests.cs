using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>The 数据备份 page: an admin backs up now and gets the restore command; a salesperson neither sees nor opens it.</summary>
[Collection("browser")]
public sealed class BackupPageTests(AppServer app)
{
    [Fact]
    public async Task An_admin_backs_up_now_sees_the_verified_backup_and_gets_its_restore_command()
    {
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);

        await page.StepAsync(app, "backup-now", async () =>
        {
            await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Menuitem, new() { Name = "数据备份" }).ClickAsync();
            await page.ExpectPathAsync("/admin/backups");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("数据备份");
            var before = await page.Locator("[data-testid=backup-name]:visible").CountAsync();

            await page.TestId("backup-now").Locator("button").ClickAsync();

            await Assertions.Expect(page.Locator("[data-testid=backup-name]:visible")).ToHaveCountAsync(before + 1);
            await Assertions.Expect(page.Locator(".ant-message")).ToContainTextAsync("备份完成并已校验");
            await Assertions.Expect(page.Locator(".ant-table-row").First).ToContainTextAsync("已校验");
        });

        await page.StepAsync(app, "download", async () =>
        {
            // The link works with the page's session (the API itself takes bearer tokens only): the verified file arrives.
            var name = await page.Locator("[data-testid=backup-name]:visible").First.InnerTextAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=backup-download]:visible").First.ClickAsync());
            Assert.Equal(name, download.SuggestedFilename);
            var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(bytes, 0, 16));
        });

        await page.StepAsync(app, "restore-command", async () =>
        {
            var name = await page.Locator("[data-testid=backup-name]:visible").First.InnerTextAsync();
            await page.Locator("[data-testid=backup-restore-command]:visible").First.ClickAsync();
            await Assertions.Expect(page.TestId("restore-command")).ToContainTextAsync("dotnet run --project src/Crm.Web -- restore --from");
            await Assertions.Expect(page.TestId("restore-command")).ToContainTextAsync(name);
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_salesperson_has_no_backup_menu_item_and_the_page_answers_403()
    {
        var sales = await app.NewUserAsync(displayName: "备份页面的销售");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password);

        await page.StepAsync(app, "no-backups-for-sales", async () =>
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Menuitem, new() { Name = "客户列表" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Menuitem, new() { Name = "数据备份" })).ToHaveCountAsync(0);
            await page.GotoAsync("/admin/backups");
            await Assertions.Expect(page.Locator(".ant-result")).ToContainTextAsync("403");
            var file = await page.Context.APIRequest.GetAsync("/files/backups/crm-20261203T000000Z.db", new() { MaxRedirects = 0 });
            Assert.Equal(302, file.Status);
            Assert.Contains("/forbidden", file.Headers["location"], StringComparison.Ordinal);
        });
        await page.Context.CloseAsync();
    }
}
