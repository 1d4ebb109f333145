using System.Net;
using System.Net.Http.Json;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Transfers;

/// <summary>Transfer requests (SPEC §3.7, issue 9): a salesperson asks, an admin approves or rejects, the requester may withdraw.</summary>
[Collection("api")]
public sealed class TransferRequestTests(ApiFixture api)
{
    [Fact]
    public async Task Approved_request_gives_the_customer_to_the_new_owner_and_takes_it_from_the_old_one()
    {
        var owner = await api.NewUserAsync(displayName: "老销售");
        var receiver = await api.NewUserAsync(displayName: "新销售");
        var customer = await owner.Client.CreateCustomerAsync(new { name = "转移审批客户", status = "customer", annual_revenue = 600000, cooperation_years = 2 });
        var contact = await owner.Client.CreateContactAsync(customer.Id(), new { name = "联系人甲" });

        var request = await owner.Client.RequestTransferAsync(customer.Id(), receiver.Id, "客户迁到华南");
        Assert.Equal("pending", request.Str("status"));
        Assert.Equal(customer.Id(), request.Long("customer_id"));
        Assert.Equal("转移审批客户", request.Str("customer_name"));
        Assert.Equal(customer.Str("customer_code"), request.Str("customer_code"));
        Assert.Equal(owner.Id, request.Long("from_user_id"));
        Assert.Equal(receiver.Id, request.Long("to_user_id"));
        Assert.Equal(owner.Id, request.Long("requested_by"));
        Assert.Equal("客户迁到华南", request.Str("reason"));
        Assert.Null(request["decided_by"]);
        Assert.Null(request["decided_at"]);
        Assert.Null(request["comment"]);
        Assert.EndsWith("+08:00", request.Str("requested_at"));

        // Until an admin decides, nothing moves.
        Assert.Equal(owner.Id, (await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}")).Long("sales_owner_id"));
        await (await receiver.Client.GetAsync($"/api/v1/sales/customers/{customer.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);

        var approved = await api.Admin.DecideAsync(request.Id(), "approve", "同意").OkJsonAsync();
        Assert.Equal("approved", approved.Str("status"));
        Assert.Equal(api.AdminId, approved.Long("decided_by"));
        Assert.Equal("同意", approved.Str("comment"));

        Assert.Equal(receiver.Id, (await receiver.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}")).Long("sales_owner_id"));
        await receiver.Client.GetAsync($"/api/v1/sales/contacts/{contact.Id()}").OkJsonAsync();
        await (await owner.Client.GetAsync($"/api/v1/sales/customers/{customer.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await owner.Client.GetAsync($"/api/v1/sales/contacts/{contact.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "偷改" })).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await owner.Client.GetJsonAsync("/api/v1/sales/customers/stats")).Long("total_customers"));
        Assert.Equal(1, (await receiver.Client.GetJsonAsync("/api/v1/sales/customers/stats")).Long("total_customers"));
        await CounterRecount.AssertCountersMatchAsync(api.Factory);

        // The requester still finds the decision on their request.
        var mine = await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests?status=approved");
        Assert.Equal([request.Id()], mine.Items().Select(i => i!.Id()));
    }

    [Fact]
    public async Task Admin_transfer_applies_at_once_and_closes_the_request_that_waited()
    {
        var owner = await api.NewUserAsync();
        var asked = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "管理员直接转移" });
        var request = await owner.Client.RequestTransferAsync(customer.Id(), asked.Id);

        var response = await api.Admin.TransferAsync(customer.Id(), new { to_user_id = receiver.Id });
        var moved = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(receiver.Id, moved.Long("sales_owner_id"));
        Assert.Equal(customer["version"]!.GetValue<int>() + 1, moved["version"]!.GetValue<int>());
        Assert.Equal(("cancelled", "客户已被管理员批量转移，申请自动取消"), await api.StoredRequestAsync(request.Id()));
        await (await api.Admin.DecideAsync(request.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict, "已处理");
        Assert.Equal(receiver.Id, await api.StoredOwnerAsync(customer.Id()));
    }

    [Fact]
    public async Task Salesperson_update_naming_another_owner_saves_the_other_fields_and_opens_a_request()
    {
        var owner = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "更新中转移" });

        var updated = await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}",
            new { industry = "制造业", sales_owner_id = receiver.Id, transfer_reason = "换区域" }).OkJsonAsync();

        Assert.Equal("制造业", updated.Str("industry"));
        Assert.Equal(owner.Id, updated.Long("sales_owner_id"));
        var pending = updated["pending_transfer"]!;
        Assert.Equal("pending", pending.Str("status"));
        Assert.Equal(receiver.Id, pending.Long("to_user_id"));
        Assert.Equal("换区域", pending.Str("reason"));

        // Only that answer carries it; a plain read does not.
        var read = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}");
        Assert.False(read.AsObject().ContainsKey("pending_transfer"));
        Assert.Equal(owner.Id, await api.StoredOwnerAsync(customer.Id()));

        // A second one, by PUT or by POST, is a 409 naming the first and saves nothing.
        var second = await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "零售", sales_owner_id = api.AdminId });
        await second.AssertErrorAsync(HttpStatusCode.Conflict, pending.Id().ToString());
        await (await owner.Client.TransferAsync(customer.Id(), new { to_user_id = api.AdminId, reason = "再试" }))
            .AssertErrorAsync(HttpStatusCode.Conflict, pending.Id().ToString());
        Assert.Equal("制造业", (await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}")).Str("industry"));
        var all = await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests");
        Assert.Equal([pending.Id()], all.Items().Where(i => i!.Long("customer_id") == customer.Id()).Select(i => i!.Id()));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"reason":"理由"}""", "to_user_id" },
        { """{"to_user_id":"abc","reason":"理由"}""", "to_user_id" },
        { """{"to_user_id":0,"reason":"理由"}""", "to_user_id" },
        { """{"to_user_id":{receiver}}""", "reason" },
        { """{"to_user_id":{receiver},"reason":"  "}""", "reason" },
        { """{"to_user_id":{receiver},"reason":"{long}"}""", "reason" },
        { """{"to_user_id":{owner},"reason":"理由"}""", "to_user_id" },
        { """{"to_user_id":{inactive},"reason":"理由"}""", "to_user_id" },
        { """{"to_user_id":999999999,"reason":"理由"}""", "to_user_id" },
        { """[1]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_request_is_400_with_the_field_and_opens_nothing(string json, string field)
    {
        var owner = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var inactive = await api.NewUserAsync();
        await api.Admin.PutJsonAsync($"/api/v1/users/{inactive.Id}", new { is_active = false }).OkJsonAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "坏请求客户" });
        var body = json.Replace("{receiver}", receiver.Id.ToString()).Replace("{owner}", owner.Id.ToString())
            .Replace("{inactive}", inactive.Id.ToString()).Replace("{long}", new string('长', 501));

        var response = await owner.Client.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/transfer", body);

        var error = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, error.ToJsonString());
        Assert.True(field == "body" || error["errors"]![field] is not null, error.ToJsonString());
        Assert.Empty((await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests")).Items());
        Assert.Equal(owner.Id, await api.StoredOwnerAsync(customer.Id()));
    }

    [Fact]
    public async Task Reject_keeps_the_owner_and_a_decided_request_cannot_be_decided_again()
    {
        var owner = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "驳回客户" });
        var request = await owner.Client.RequestTransferAsync(customer.Id(), receiver.Id);

        await (await owner.Client.DecideAsync(request.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await api.Admin.DecideAsync(request.Id(), "reject", new string('长', 501))).AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("pending", null), await api.StoredRequestAsync(request.Id()));

        var rejected = await api.Admin.DecideAsync(request.Id(), "reject", "客户关系仍需维护").OkJsonAsync();
        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal("客户关系仍需维护", rejected.Str("comment"));
        Assert.Equal(owner.Id, await api.StoredOwnerAsync(customer.Id()));

        await (await api.Admin.DecideAsync(request.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await owner.Client.PostAsync($"/api/v1/sales/transfer-requests/{request.Id()}/cancel", null)).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await api.Admin.DecideAsync(999_999_999, "approve")).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(owner.Id, await api.StoredOwnerAsync(customer.Id()));

        // After a rejection the owner may ask again.
        await owner.Client.RequestTransferAsync(customer.Id(), receiver.Id, "再申请一次");
    }

    [Fact]
    public async Task Only_the_requester_withdraws_a_pending_request()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "撤回客户" });
        var request = await owner.Client.RequestTransferAsync(customer.Id(), other.Id);
        var url = $"/api/v1/sales/transfer-requests/{request.Id()}/cancel";

        // The receiver does not own the customer and did not ask: the request is not theirs to see.
        await (await other.Client.PostAsync(url, null)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await api.Admin.PostAsync(url, null)).AssertErrorAsync(HttpStatusCode.Forbidden);
        var cancelled = await owner.Client.PostAsync(url, null).OkJsonAsync();
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal(owner.Id, cancelled.Long("decided_by"));
        await (await owner.Client.PostAsync(url, null)).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await api.Admin.DecideAsync(request.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal(owner.Id, await api.StoredOwnerAsync(customer.Id()));
    }

    [Fact]
    public async Task Approving_after_the_customer_was_deleted_moved_or_the_receiver_deactivated_is_409_and_changes_nothing()
    {
        var owner = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var third = await api.NewUserAsync();

        var deleted = await owner.Client.CreateCustomerAsync(new { name = "已删除客户" });
        var deletedRequest = await owner.Client.RequestTransferAsync(deleted.Id(), receiver.Id);
        (await owner.Client.DeleteAsync($"/api/v1/sales/customers/{deleted.Id()}")).EnsureSuccessStatusCode();
        await (await api.Admin.DecideAsync(deletedRequest.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict, "删除");
        Assert.Equal(("pending", null), await api.StoredRequestAsync(deletedRequest.Id()));
        var queued = (await api.Admin.GetJsonAsync("/api/v1/sales/transfer-requests?status=pending")).Items().Single(i => i!.Id() == deletedRequest.Id())!;
        Assert.Equal("已删除客户", queued.Str("customer_name"));
        Assert.Null(queued["customer_id"]);

        // Moved by a hand-written fix that left the request open: the request no longer describes the customer.
        var moved = await owner.Client.CreateCustomerAsync(new { name = "已被改负责人客户" });
        var movedRequest = await owner.Client.RequestTransferAsync(moved.Id(), receiver.Id);
        await using (var db = await api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            await db.Customers.Where(c => c.Id == moved.Id()).ExecuteUpdateAsync(s => s.SetProperty(c => c.SalesOwnerId, third.Id));
        }

        await (await api.Admin.DecideAsync(movedRequest.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict, "负责销售已变更");
        Assert.Equal(third.Id, await api.StoredOwnerAsync(moved.Id()));
        Assert.Equal(("pending", null), await api.StoredRequestAsync(movedRequest.Id()));

        var lost = await owner.Client.CreateCustomerAsync(new { name = "接收人已停用客户" });
        var lostRequest = await owner.Client.RequestTransferAsync(lost.Id(), receiver.Id);
        await api.Admin.PutJsonAsync($"/api/v1/users/{receiver.Id}", new { is_active = false }).OkJsonAsync();
        await (await api.Admin.DecideAsync(lostRequest.Id(), "approve")).AssertErrorAsync(HttpStatusCode.Conflict, "已启用");
        Assert.Equal(owner.Id, await api.StoredOwnerAsync(lost.Id()));
        Assert.Equal(("pending", null), await api.StoredRequestAsync(lostRequest.Id()));
        await CounterRecount.AssertCountersMatchAsync(api.Factory);
    }

    [Fact]
    public async Task A_salesperson_lists_the_requests_they_made_or_about_their_customers_and_admins_list_all()
    {
        var owner = await api.NewUserAsync();
        var stranger = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var mine = await owner.Client.CreateCustomerAsync(new { name = "我的申请客户" });
        var theirs = await stranger.Client.CreateCustomerAsync(new { name = "别人的申请客户" });
        var myRequest = await owner.Client.RequestTransferAsync(mine.Id(), receiver.Id);
        var theirRequest = await stranger.Client.RequestTransferAsync(theirs.Id(), receiver.Id);

        Assert.Equal([myRequest.Id()], (await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests")).Items().Select(i => i!.Id()));
        Assert.Equal([theirRequest.Id()], (await stranger.Client.GetJsonAsync("/api/v1/sales/transfer-requests?status=pending")).Items().Select(i => i!.Id()));
        Assert.Empty((await receiver.Client.GetJsonAsync("/api/v1/sales/transfer-requests")).Items());
        Assert.Empty((await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests?status=approved")).Items());

        var queue = await api.Admin.GetJsonAsync("/api/v1/sales/transfer-requests?status=pending&page_size=100");
        var ids = queue.Items().Select(i => i!.Id()).ToList();
        Assert.Contains(myRequest.Id(), ids);
        Assert.Contains(theirRequest.Id(), ids);
        Assert.True(ids.IndexOf(theirRequest.Id()) < ids.IndexOf(myRequest.Id()), "newest first");
        Assert.Equal(1, queue.Long("page"));
        Assert.Equal(100, queue.Long("page_size"));

        foreach (var bad in new[] { "status=waiting", "status=pending,approved", "page=0", "page_size=101", "page_size=x" })
        {
            await (await owner.Client.GetAsync($"/api/v1/sales/transfer-requests?{bad}")).AssertErrorAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Two_requests_at_once_for_one_customer_leave_one_pending_and_a_409()
    {
        var owner = await api.NewUserAsync();
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        for (var round = 0; round < 5; round++)
        {
            var customer = await owner.Client.CreateCustomerAsync(new { name = $"并发申请{round}" });
            var responses = await Task.WhenAll(
                owner.Client.TransferAsync(customer.Id(), new { to_user_id = first.Id, reason = "甲" }),
                owner.Client.TransferAsync(customer.Id(), new { to_user_id = second.Id, reason = "乙" }));

            Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).AssertErrorAsync(HttpStatusCode.Conflict);
            var pending = (await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests?status=pending&page_size=100")).Items()
                .Where(i => i!.Long("customer_id") == customer.Id());
            Assert.Single(pending);
        }
    }

    [Fact]
    public async Task Approve_racing_a_reassignment_leaves_one_consistent_owner()
    {
        var owner = await api.NewUserAsync();
        var asked = await api.NewUserAsync();
        var bulkReceiver = await api.NewUserAsync();
        for (var round = 0; round < 5; round++)
        {
            var customer = await owner.Client.CreateCustomerAsync(new { name = $"审批与批量转移竞争{round}", status = "prospect" });
            var request = await owner.Client.RequestTransferAsync(customer.Id(), asked.Id);

            var approve = api.Admin.DecideAsync(request.Id(), "approve");
            var reassign = api.Admin.ReassignAsync(new { customer_ids = new[] { customer.Id() }, to_user_id = bulkReceiver.Id });
            await Task.WhenAll(approve, reassign);
            var reassigned = await (await reassign).ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, (await reassign).StatusCode);

            var (status, _) = await api.StoredRequestAsync(request.Id());
            if ((await approve).StatusCode == HttpStatusCode.OK)
            {
                // Approval first, then the selection moved on to the bulk receiver.
                Assert.Equal("approved", status);
                Assert.Equal(1, reassigned.Long("moved"));
            }
            else
            {
                // The reassignment first: it closed the request, and the approval found it decided.
                await (await approve).AssertErrorAsync(HttpStatusCode.Conflict);
                Assert.Equal("cancelled", status);
                Assert.Equal(1, reassigned.Long("moved"));
            }

            Assert.Equal(bulkReceiver.Id, await api.StoredOwnerAsync(customer.Id()));
        }

        await CounterRecount.AssertCountersMatchAsync(api.Factory);
    }

    [Fact]
    public async Task Approve_racing_a_departure_reassignment_leaves_one_consistent_owner()
    {
        var owner = await api.NewUserAsync();
        var asked = await api.NewUserAsync();
        var successor = await api.NewUserAsync();
        var customers = new List<long>();
        var requests = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var customer = await owner.Client.CreateCustomerAsync(new { name = $"离职竞争{i}" });
            customers.Add(customer.Id());
            requests.Add((await owner.Client.RequestTransferAsync(customer.Id(), asked.Id)).Id());
        }

        var approvals = requests.Select(r => api.Admin.DecideAsync(r, "approve")).ToList();
        var reassign = api.Admin.ReassignAsync(new { from_user_id = owner.Id, to_user_id = successor.Id });
        await Task.WhenAll([.. approvals, reassign]);

        var moved = (await (await reassign).ReadJsonAsync()).Long("moved");
        var approved = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            var (status, _) = await api.StoredRequestAsync(requests[i]);
            var storedOwner = await api.StoredOwnerAsync(customers[i]);
            if ((await approvals[i]).StatusCode == HttpStatusCode.OK)
            {
                approved++;
                Assert.Equal(("approved", asked.Id), (status, storedOwner));
            }
            else
            {
                Assert.Equal(("cancelled", successor.Id), (status, storedOwner));
            }
        }

        Assert.Equal(customers.Count - approved, moved);
        await CounterRecount.AssertCountersMatchAsync(api.Factory);
    }
}
