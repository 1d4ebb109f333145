using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>Ownership that survives staff turnover (issue 9), in a real browser against the real app.</summary>
[Collection("browser")]
public sealed class TransferScenarioTests(AppServer app)
{
    [Fact]
    public async Task Salesperson_asks_admin_approves_and_the_old_owners_open_page_loses_the_customer()
    {
        var owner = await app.NewUserAsync(displayName: "王芳");
        var receiver = await app.NewUserAsync(displayName: "赵强");
        var ownerApi = await app.ApiClientAsync(owner.Username, owner.Password);
        var created = await ownerApi.PostAsJsonAsync("/api/v1/sales/customers", new { name = "常州远景包装材料有限公司" });
        var customerId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();

        var ownerPage = await app.NewPageAsync();
        await ownerPage.LoginAsync(owner.Username, owner.Password, $"/customers/{customerId}");
        await ownerPage.StepAsync(app, "request-transfer", async () =>
        {
            await ownerPage.TestId("transfer-customer").Locator("button").ClickAsync();
            await CustomerScenarioTests.SelectOptionAsync(ownerPage, "transfer-target", "赵强");
            var reason = ownerPage.Locator("[data-testid=transfer-reason] textarea");
            await reason.ClickAsync();
            await reason.PressSequentiallyAsync("客户总部迁到常州，由赵强就近跟进");
            await ownerPage.Locator(".ant-modal:visible .ant-modal-footer .ant-btn-primary").ClickAsync();
            await Assertions.Expect(ownerPage.Locator(".ant-message")).ToContainTextAsync("已提交 1 个转移申请");
        });

        var pending = JsonNode.Parse(await ownerApi.GetStringAsync("/api/v1/sales/transfer-requests?status=pending"))!["items"]!.AsArray().Single()!;
        var requestId = pending["id"]!.GetValue<long>();

        var adminPage = await app.NewPageAsync();
        await adminPage.LoginAsync("admin", AppServer.AdminPassword);
        await adminPage.StepAsync(app, "approve", async () =>
        {
            await adminPage.GotoReadyAsync("/transfers");
            var row = adminPage.Locator("tr", new PageLocatorOptions { HasText = "常州远景包装材料有限公司" });
            await Assertions.Expect(row).ToContainTextAsync("王芳 → 赵强");
            await Assertions.Expect(row).ToContainTextAsync("客户总部迁到常州");
            await adminPage.TestId($"approve-{requestId}").ClickAsync();
            var comment = adminPage.Locator("[data-testid=decision-comment] textarea");
            await comment.ClickAsync();
            await comment.PressSequentiallyAsync("同意，做好交接");
            await adminPage.Locator(".ant-modal:visible .ant-modal-footer .ant-btn-primary").ClickAsync();
            await Assertions.Expect(adminPage.Locator(".ant-message")).ToContainTextAsync("已批准");
            await Assertions.Expect(adminPage.TestId($"approve-{requestId}")).ToHaveCountAsync(0);
        });

        // The old owner's page is still open: the next thing they do on it finds the customer gone.
        await ownerPage.StepAsync(app, "old-owner-loses-access", async () =>
        {
            await ownerPage.Locator(".crm-page-actions a[href$='/edit'] button").ClickAsync();
            await Assertions.Expect(ownerPage.Locator(".ant-result")).ToContainTextAsync("客户不存在");
            await ownerPage.GotoReadyAsync("/customers");
            await Assertions.Expect(ownerPage.Locator("body")).Not.ToContainTextAsync("常州远景包装材料有限公司");
        });

        var receiverPage = await app.NewPageAsync();
        await receiverPage.LoginAsync(receiver.Username, receiver.Password, $"/customers/{customerId}");
        await receiverPage.StepAsync(app, "new-owner-sees-it", async () =>
            await Assertions.Expect(receiverPage.Locator(".crm-detail-header")).ToContainTextAsync("赵强"));

        await ownerPage.Context.CloseAsync();
        await adminPage.Context.CloseAsync();
        await receiverPage.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_moves_every_customer_of_a_leaver_in_one_step()
    {
        var leaver = await app.NewUserAsync(displayName: "离职的孙伟");
        var successor = await app.NewUserAsync(displayName: "接手的周敏");
        var leaverApi = await app.ApiClientAsync(leaver.Username, leaver.Password);
        foreach (var name in new[] { "扬州一号客户", "扬州二号客户", "扬州三号客户" })
        {
            (await leaverApi.PostAsJsonAsync("/api/v1/sales/customers", new { name })).EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/admin/reassign");
        await page.StepAsync(app, "reassign", async () =>
        {
            await CustomerScenarioTests.SelectOptionAsync(page, "reassign-from", "离职的孙伟");
            await Assertions.Expect(page.TestId("reassign-count")).ToHaveTextAsync("离职的孙伟 名下共有 3 个客户");
            await CustomerScenarioTests.SelectOptionAsync(page, "reassign-to", "接手的周敏");
            await page.TestId("reassign-confirm").Locator("button").ClickAsync();
            await Assertions.Expect(page.Locator(".ant-modal-confirm")).ToContainTextAsync("将 3 个客户从「离职的孙伟」转给「接手的周敏」");
            await page.Locator(".ant-modal-confirm-btns .ant-btn-primary").ClickAsync();
            await Assertions.Expect(page.Locator(".ant-message")).ToContainTextAsync("已转移 3 个客户");
            await Assertions.Expect(page.TestId("reassign-count")).ToHaveTextAsync("离职的孙伟 名下共有 0 个客户");
        });

        var successorApi = await app.ApiClientAsync(successor.Username, successor.Password);
        var list = JsonNode.Parse(await successorApi.GetStringAsync("/api/v1/sales/customers?page_size=100"))!;
        Assert.Equal(3, list["total"]!.GetValue<long>());
        Assert.Equal(0, JsonNode.Parse(await leaverApi.GetStringAsync("/api/v1/sales/customers"))!["total"]!.GetValue<long>());
        await page.Context.CloseAsync();
    }
}
