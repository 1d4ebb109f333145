using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

[Collection("api")]
public sealed class UpdateDeleteCustomerTests(ApiFixture api)
{
    [Fact]
    public async Task Partial_update_changes_only_sent_fields_and_regrades()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "分级客户", industry = "汽车", annual_revenue = 300000, cooperation_years = 0, status = "customer" });
        Assert.Equal("C", created.Str("customer_level"));

        var response = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { annual_revenue = 1_500_000, cooperation_years = 4 });
        var updated = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("A", updated.Str("customer_level"));
        Assert.Equal("汽车", updated.Str("industry"));
        Assert.Equal("分级客户", updated.Str("name"));
        Assert.Equal(2, updated["version"]!.GetValue<int>());

        var potential = await (await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { status = "potential" })).ReadJsonAsync();
        Assert.Equal("D", potential.Str("customer_level"));

        var cleared = await (await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { industry = (string?)null, status = (string?)null })).ReadJsonAsync();
        Assert.Null(cleared["industry"]);
        Assert.Equal("A", cleared.Str("customer_level"));
    }

    [Fact]
    public async Task Stale_version_gets_409_and_changes_nothing()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "并发编辑" });
        var first = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { industry = "医疗", version = 1 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var stale = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { industry = "汽车", version = 1 });
        await stale.AssertErrorAsync(HttpStatusCode.Conflict);

        var current = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{created.Id()}");
        Assert.Equal("医疗", current.Str("industry"));
        Assert.Equal(2, current["version"]!.GetValue<int>());

        var withoutVersion = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { industry = "汽车" });
        Assert.Equal(HttpStatusCode.OK, withoutVersion.StatusCode);
    }

    [Fact]
    public async Task Code_cannot_change_and_grade_cannot_be_set_by_hand()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "编号不变", annual_revenue = 50000 });
        var code = created.Str("customer_code");

        var changeCode = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { customer_code = "NEW-CODE" });
        await changeCode.AssertErrorAsync(HttpStatusCode.BadRequest, "客户编号不可修改");

        var sameCode = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { customer_code = code, industry = "化工" });
        Assert.Equal(HttpStatusCode.OK, sameCode.StatusCode);

        var setGrade = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { customer_level = "A" });
        await setGrade.AssertErrorAsync(HttpStatusCode.BadRequest, "客户等级由系统自动计算，不可手动修改");

        var after = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{created.Id()}");
        Assert.Equal(code, after.Str("customer_code"));
        Assert.Equal("D", after.Str("customer_level"));
        Assert.Equal("化工", after.Str("industry"));
    }

    [Fact]
    public async Task Name_cannot_be_cleared()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "不能清空" });
        var response = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { name = "" });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "客户名称不能为空");
    }

    [Fact]
    public async Task Admin_changing_the_owner_moves_access()
    {
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        var created = await first.Client.CreateCustomerAsync(new { name = "转移客户" });

        var moved = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { sales_owner_id = second.Id });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await first.Client.GetAsync($"/api/v1/sales/customers/{created.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync($"/api/v1/sales/customers/{created.Id()}")).StatusCode);

        // A salesperson cannot give it away directly: the change waits for an admin's approval (SPEC §4.1).
        var giveAway = await second.Client.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { sales_owner_id = first.Id }).OkJsonAsync();
        Assert.Equal(second.Id, giveAway.Long("sales_owner_id"));
        Assert.Equal("pending", giveAway["pending_transfer"]!.Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await first.Client.GetAsync($"/api/v1/sales/customers/{created.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Delete_removes_the_customer()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "待删除" });
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{created.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync($"/api/v1/sales/customers/{created.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{created.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_customer_is_404_with_detail()
    {
        await (await api.Admin.GetAsync("/api/v1/sales/customers/987654321")).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await api.Admin.PutJsonAsync("/api/v1/sales/customers/987654321", new { name = "x" })).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_with_bad_input_changes_nothing()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "坏输入", industry = "医疗" });
        var response = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { industry = "汽车", annual_revenue = -5 });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "年成交额");
        var after = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{created.Id()}");
        Assert.Equal("医疗", after.Str("industry"));
        Assert.Equal(1, after["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task English_errors_when_asked_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sales/customers") { Content = JsonContent.Create(new { name = "" }) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await api.Admin.SendAsync(request);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "Customer name is required");
    }
}
