using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Transfers;

/// <summary>Bulk reassignment (issue 9 item 2): a leaver's whole book or a selection, in one step, counters exact.</summary>
[Collection("api")]
public sealed class ReassignTests(ApiFixture api)
{
    [Fact]
    public async Task Everything_a_leaver_owns_moves_in_one_call_and_the_counters_match_a_recount()
    {
        var leaver = await api.NewUserAsync();
        var successor = await api.NewUserAsync();
        var receiverOfRequest = await api.NewUserAsync();
        var ids = new List<long>();
        string?[] statuses = ["potential", "prospect", "customer", "lost", null];
        for (var i = 0; i < 10; i++)
        {
            var created = await leaver.Client.CreateCustomerAsync(new { name = $"离职客户{i}", status = statuses[i % 5], annual_revenue = 150000 * i, cooperation_years = i % 4 });
            ids.Add(created.Id());
        }

        var successorOwn = await successor.Client.CreateCustomerAsync(new { name = "接手人原有客户" });
        var request = await leaver.Client.RequestTransferAsync(ids[0], receiverOfRequest.Id);

        var result = await api.Admin.ReassignAsync(new { from_user_id = leaver.Id, to_user_id = successor.Id }).OkJsonAsync();

        Assert.Equal(10, result.Long("moved"));
        Assert.Equal(0, (await leaver.Client.GetJsonAsync("/api/v1/sales/customers/stats")).Long("total_customers"));
        var list = await successor.Client.GetJsonAsync("/api/v1/sales/customers?page_size=100");
        Assert.Equal(ids.Append(successorOwn.Id()).Order(), list.Items().Select(i => i!.Id()).Order());
        Assert.Equal(11, list.Long("total"));
        await (await leaver.Client.GetAsync($"/api/v1/sales/customers/{ids[3]}")).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(("cancelled", "客户已被管理员批量转移，申请自动取消"), await api.StoredRequestAsync(request.Id()));
        await CounterRecount.AssertCountersMatchAsync(api.Factory);

        // Nothing left to move.
        Assert.Equal(0, (await api.Admin.ReassignAsync(new { from_user_id = leaver.Id, to_user_id = successor.Id }).OkJsonAsync()).Long("moved"));
    }

    [Fact]
    public async Task A_selection_moves_only_the_chosen_customers_and_counts_none_the_receiver_already_had()
    {
        var a = await api.NewUserAsync();
        var b = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var a1 = await a.Client.CreateCustomerAsync(new { name = "选择甲1" });
        var a2 = await a.Client.CreateCustomerAsync(new { name = "选择甲2" });
        var b1 = await b.Client.CreateCustomerAsync(new { name = "选择乙1" });
        var already = await receiver.Client.CreateCustomerAsync(new { name = "本来就是接收人的" });

        var result = await api.Admin.ReassignAsync(new { customer_ids = new[] { a1.Id(), b1.Id(), already.Id(), a1.Id() }, to_user_id = receiver.Id }).OkJsonAsync();

        Assert.Equal(2, result.Long("moved"));
        Assert.Equal(receiver.Id, await api.StoredOwnerAsync(a1.Id()));
        Assert.Equal(receiver.Id, await api.StoredOwnerAsync(b1.Id()));
        Assert.Equal(a.Id, await api.StoredOwnerAsync(a2.Id()));
        var moved = await receiver.Client.GetJsonAsync($"/api/v1/sales/customers/{a1.Id()}");
        Assert.Equal(a1["version"]!.GetValue<int>() + 1, moved["version"]!.GetValue<int>());
        await CounterRecount.AssertCountersMatchAsync(api.Factory);
    }

    public static TheoryData<string, string, HttpStatusCode> BadInput => new()
    {
        { """{"to_user_id":{receiver}}""", "from_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":{from},"customer_ids":[{customer}],"to_user_id":{receiver}}""", "from_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":{from}}""", "to_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":{from},"to_user_id":{from}}""", "to_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":{from},"to_user_id":{inactive}}""", "to_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":{from},"to_user_id":999999999}""", "to_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":999999999,"to_user_id":{receiver}}""", "from_user_id", HttpStatusCode.BadRequest },
        { """{"from_user_id":"x","to_user_id":{receiver}}""", "from_user_id", HttpStatusCode.BadRequest },
        { """{"customer_ids":[],"to_user_id":{receiver}}""", "customer_ids", HttpStatusCode.BadRequest },
        { """{"customer_ids":[{customer},"x"],"to_user_id":{receiver}}""", "customer_ids", HttpStatusCode.BadRequest },
        { """{"customer_ids":{many},"to_user_id":{receiver}}""", "customer_ids", HttpStatusCode.BadRequest },
        { """{"customer_ids":[{customer},999999999],"to_user_id":{receiver}}""", "", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_moves_nothing(string json, string field, HttpStatusCode status)
    {
        var from = await api.NewUserAsync();
        var receiver = await api.NewUserAsync();
        var inactive = await api.NewUserAsync();
        await api.Admin.PutJsonAsync($"/api/v1/users/{inactive.Id}", new { is_active = false }).OkJsonAsync();
        var customer = await from.Client.CreateCustomerAsync(new { name = "不该被移动" });
        var body = json.Replace("{from}", from.Id.ToString()).Replace("{receiver}", receiver.Id.ToString())
            .Replace("{inactive}", inactive.Id.ToString()).Replace("{customer}", customer.Id().ToString())
            .Replace("{many}", "[" + string.Join(",", Enumerable.Range(1, 1001)) + "]");

        var response = await api.Admin.PostRawAsync("/api/v1/sales/customers/reassign", body);

        var error = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, error.ToJsonString());
        Assert.False(string.IsNullOrWhiteSpace(error["detail"]?.GetValue<string>()));
        Assert.True(field.Length == 0 || error["errors"]![field] is not null, error.ToJsonString());
        Assert.Equal(from.Id, await api.StoredOwnerAsync(customer.Id()));
    }

    [Fact]
    public async Task Deactivating_with_a_receiver_hands_over_every_customer_in_the_same_step()
    {
        var leaver = await api.NewUserAsync();
        var successor = await api.NewUserAsync();
        var c1 = await leaver.Client.CreateCustomerAsync(new { name = "停用交接1" });
        var c2 = await leaver.Client.CreateCustomerAsync(new { name = "停用交接2" });

        // A receiver that cannot take them: nothing happens, the user stays active.
        await (await api.Admin.PutJsonAsync($"/api/v1/users/{leaver.Id}", new { is_active = false, reassign_to_user_id = leaver.Id }))
            .AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await api.Admin.PutJsonAsync($"/api/v1/users/{leaver.Id}", new { display_name = "改名", reassign_to_user_id = successor.Id }))
            .AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.True((await api.Admin.GetJsonAsync($"/api/v1/users/{leaver.Id}")).Bool("is_active"));
        Assert.Equal(leaver.Id, await api.StoredOwnerAsync(c1.Id()));

        var user = await api.Admin.PutJsonAsync($"/api/v1/users/{leaver.Id}", new { is_active = false, reassign_to_user_id = successor.Id }).OkJsonAsync();

        Assert.False(user.Bool("is_active"));
        Assert.Equal(successor.Id, await api.StoredOwnerAsync(c1.Id()));
        Assert.Equal(successor.Id, await api.StoredOwnerAsync(c2.Id()));
        await CounterRecount.AssertCountersMatchAsync(api.Factory);
    }

    [Fact]
    public async Task Owner_inactive_filter_finds_the_customers_nobody_active_looks_after()
    {
        var leaver = await api.NewUserAsync();
        var stays = await api.NewUserAsync();
        var orphan = await leaver.Client.CreateCustomerAsync(new { name = "无人照看客户" });
        var kept = await stays.Client.CreateCustomerAsync(new { name = "有人照看客户" });

        // The plain deactivation keeps working; the customers stay the leaver's until reassigned.
        await api.Admin.PutJsonAsync($"/api/v1/users/{leaver.Id}", new { is_active = false }).OkJsonAsync();
        Assert.Equal(leaver.Id, await api.StoredOwnerAsync(orphan.Id()));

        var inactive = await api.Admin.GetJsonAsync("/api/v1/sales/customers?owner_active=false&page_size=100");
        var inactiveIds = inactive.Items().Select(i => i!.Id()).ToList();
        Assert.Contains(orphan.Id(), inactiveIds);
        Assert.DoesNotContain(kept.Id(), inactiveIds);
        Assert.All(inactive.Items(), i => Assert.NotEqual(stays.Id, i!.Long("sales_owner_id")));
        var active = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?owner_active=true&sales_owner_id={stays.Id}");
        Assert.Equal([kept.Id()], active.Items().Select(i => i!.Id()));

        await (await api.Admin.GetAsync("/api/v1/sales/customers?owner_active=maybe")).AssertErrorAsync(HttpStatusCode.BadRequest, "owner_active");

        await api.Admin.ReassignAsync(new { from_user_id = leaver.Id, to_user_id = stays.Id }).OkJsonAsync();
        Assert.DoesNotContain(orphan.Id(), (await api.Admin.GetJsonAsync("/api/v1/sales/customers?owner_active=false&page_size=100")).Items().Select(i => i!.Id()));
    }
}
