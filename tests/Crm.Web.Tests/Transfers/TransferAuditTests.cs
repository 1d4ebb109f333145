using System.Net;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Transfers;

/// <summary>
/// Every transfer step is in the customer's history (issue 9 item 3): requested, approved, rejected, cancelled and
/// reassigned, with who did it and the owners by name; a refused step leaves no entry.
/// </summary>
[Collection("api")]
public sealed class TransferAuditTests(ApiFixture api)
{
    [Fact]
    public async Task Request_rejection_second_request_and_approval_read_in_order_in_the_customers_history()
    {
        var owner = await api.NewUserAsync(displayName: "审计老销售");
        var receiver = await api.NewUserAsync(displayName: "审计新销售");
        var customer = await owner.Client.CreateCustomerAsync(new { name = "转移审计客户" });

        var first = await owner.Client.RequestTransferAsync(customer.Id(), receiver.Id, "第一次申请");
        await api.Admin.DecideAsync(first.Id(), "reject", "暂不转移").OkJsonAsync();
        var second = await owner.Client.RequestTransferAsync(customer.Id(), receiver.Id, "第二次申请");
        await api.Admin.DecideAsync(second.Id(), "approve", "同意").OkJsonAsync();

        var history = (await receiver.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/history?page_size=100")).Items();
        var transfers = history.Where(e => e!.Str("action").StartsWith("transfer_", StringComparison.Ordinal)).ToList();
        Assert.Equal(["transfer_approved", "transfer_requested", "transfer_rejected", "transfer_requested"], transfers.Select(e => e!.Str("action")));
        Assert.Equal([api.AdminId, owner.Id, api.AdminId, owner.Id], transfers.Select(e => e!.Long("actor_id")));
        Assert.All(transfers, e => Assert.Equal("审计老销售", e!["changes"]!["sales_owner"]!["old"]!.GetValue<string>()));
        Assert.All(transfers, e => Assert.Equal("审计新销售", e!["changes"]!["sales_owner"]!["new"]!.GetValue<string>()));
        Assert.Equal("同意", transfers[0]!["changes"]!["comment"]!.GetValue<string>());
        Assert.Equal(second.Id(), transfers[0]!["changes"]!["transfer_request_id"]!.GetValue<long>());
        Assert.Equal("第一次申请", transfers[3]!["changes"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_withdrawn_request_and_a_refused_approval_leave_exactly_one_entry_each_for_what_happened()
    {
        var owner = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "撤回审计客户" });
        var request = await owner.Client.RequestTransferAsync(customer.Id(), receiver.Id);
        await owner.Client.PostAsync($"/api/v1/sales/transfer-requests/{request.Id()}/cancel", null).OkJsonAsync();

        // Deciding a withdrawn request is refused and adds nothing.
        await (await api.Admin.DecideAsync(request.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict);

        var actions = await ActionsAsync(customer.Id());
        Assert.Equal(["transfer_cancelled", "transfer_requested", "create"], actions);
    }

    [Fact]
    public async Task Bulk_reassignment_writes_one_entry_per_moved_customer_naming_both_owners_and_closes_waiting_requests_on_the_record()
    {
        var leaver = await api.NewUserAsync(displayName: "离职销售");
        var successor = await api.NewUserAsync(displayName: "接手销售");
        var third = await api.NewUserAsync();
        var a = await leaver.Client.CreateCustomerAsync(new { name = "批量审计甲" });
        var b = await leaver.Client.CreateCustomerAsync(new { name = "批量审计乙" });
        await leaver.Client.RequestTransferAsync(b.Id(), third.Id);

        var moved = await api.Admin.ReassignAsync(new { from_user_id = leaver.Id, to_user_id = successor.Id }).OkJsonAsync();
        Assert.Equal(2, moved.Long("moved"));

        foreach (var customer in new[] { a, b })
        {
            var entry = (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/history")).Items()
                .Single(e => e!.Str("action") == "reassigned")!;
            Assert.Equal(api.AdminId, entry.Long("actor_id"));
            Assert.Equal("离职销售", entry["changes"]!["sales_owner"]!["old"]!.GetValue<string>());
            Assert.Equal("接手销售", entry["changes"]!["sales_owner"]!["new"]!.GetValue<string>());
        }

        Assert.Contains("transfer_cancelled", await ActionsAsync(b.Id()));
        Assert.DoesNotContain("transfer_cancelled", await ActionsAsync(a.Id()));
    }

    [Fact]
    public async Task A_reassignment_refused_for_bad_input_records_nothing()
    {
        var owner = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "拒绝审计客户" });
        var before = await ActionsAsync(customer.Id());

        await (await api.Admin.ReassignAsync(new { from_user_id = owner.Id, to_user_id = owner.Id })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await api.Admin.ReassignAsync(new { customer_ids = new[] { customer.Id() }, to_user_id = 987654321 })).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await ActionsAsync(customer.Id()));
    }

    private async Task<string[]> ActionsAsync(long customerId) =>
        (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customerId}/history?page_size=100")).Items().Strings("action");
}
