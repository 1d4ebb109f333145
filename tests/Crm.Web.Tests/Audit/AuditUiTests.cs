using System.Net;
using System.Security.Claims;
using Bunit;
using Crm.Domain.Users;
using Crm.Web.Features.Audit;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Audit;

/// <summary>The 变更记录 tab and the 操作日志 page, rendered over the real handlers and database.</summary>
[Collection("api")]
public sealed class AuditUiTests : UiComponentContext
{
    private readonly ApiFixture _api;
    private readonly AsyncServiceScope _scope;

    public AuditUiTests(ApiFixture api)
    {
        _api = api;
        _scope = api.Factory.Services.CreateAsyncScope();
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<CustomerHistory>());
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<SearchAudit>());
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<ListUsers>());
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<Crm.Domain.Common.BusinessTime>());
        Services.AddScoped<AuditText>();
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<AuditUserNames>());
    }

    [Fact]
    public async Task History_tab_says_who_changed_which_field_from_what_to_what_in_words()
    {
        var owner = await _api.NewUserAsync(displayName: "张销售");
        var customer = await owner.Client.CreateCustomerAsync(new { name = "变更记录客户", status = "prospect", credit_limit = 20000 });
        await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { status = "customer", credit_limit = 35000.5 }).OkJsonAsync();
        await owner.Client.AddFollowUpAsync(customer.Id(), new { content = "上门拜访", method = "visit" });

        var cut = Render<HistoryTab>(p => p
            .Add(c => c.CustomerId, customer.Id())
            .AddCascadingValue(SignedIn(owner.Id, UserRole.Sales, "张销售")));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=audit-entry]").Count));

        var rows = cut.FindAll("[data-testid=audit-entry]");
        var followUp = WebUtility.HtmlDecode(rows[0].TextContent);
        Assert.Contains("新建跟进记录", followUp, StringComparison.Ordinal);
        Assert.Contains("跟进方式: 拜访", followUp, StringComparison.Ordinal);

        var update = rows[1];
        Assert.Contains("张销售", update.TextContent, StringComparison.Ordinal);
        Assert.Contains("修改客户", update.TextContent, StringComparison.Ordinal);
        var lines = update.QuerySelectorAll("[data-testid=audit-line]").Select(l => WebUtility.HtmlDecode(l.TextContent)).ToArray();
        Assert.Contains("客户状态: 意向客户 → 成交客户", lines);
        Assert.Contains("信用额度: 20,000.00 → 35,000.50", lines);
        Assert.Contains("新建客户", rows[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_change_made_by_put_names_both_salespeople_not_their_ids()
    {
        var first = await _api.NewUserAsync(displayName: "赵前任");
        var second = await _api.NewUserAsync(displayName: "钱后任");
        var customer = await first.Client.CreateCustomerAsync(new { name = "换负责人客户" });
        await _api.Admin.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { sales_owner_id = second.Id }).OkJsonAsync();

        var cut = Render<HistoryTab>(p => p
            .Add(c => c.CustomerId, customer.Id())
            .AddCascadingValue(SignedIn(second.Id, UserRole.Sales, "钱后任")));
        cut.WaitForAssertion(() => Assert.Contains(
            "负责销售: 赵前任 → 钱后任",
            cut.FindAll("[data-testid=audit-line]").Select(l => WebUtility.HtmlDecode(l.TextContent))));
    }

    [Fact]
    public async Task Audit_log_page_lists_entries_and_narrows_them_by_action()
    {
        var sales = await _api.NewUserAsync(displayName: "日志销售");
        var customer = await sales.Client.CreateCustomerAsync(new { name = "日志页客户" });
        await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "物流" }).OkJsonAsync();
        var admin = SignedIn(_api.AdminId, UserRole.Admin, "admin");

        var cut = Render<AuditLogPage>(p => p.AddCascadingValue(admin));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=audit-entry]")));
        Assert.Contains("日志页客户", cut.Find("[data-testid=audit-entries]").TextContent, StringComparison.Ordinal);

        // The action filter, as the page applies it: only updates remain, and the newest is ours.
        var actionFilter = cut.FindComponents<AntDesign.Select<string, string>>()[1].Instance;
        await cut.InvokeAsync(() => actionFilter.ValueChanged.InvokeAsync("update"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=filter-apply] button").Click());
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=audit-entry]"), r => Assert.Equal("update", r.GetAttribute("data-action"))));
        Assert.Contains("所属行业: — → 物流", WebUtility.HtmlDecode(cut.FindAll("[data-testid=audit-entry]")[0].TextContent), StringComparison.Ordinal);
    }

    private static Task<AuthenticationState> SignedIn(long id, UserRole role, string name) =>
        Task.FromResult(new AuthenticationState(CurrentUser.CreatePrincipal(id, role, name, name, "test")));

    protected override async ValueTask DisposeAsyncCore()
    {
        await _scope.DisposeAsync();
        await base.DisposeAsyncCore();
    }
}
