using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Audit;

/// <summary>Reading the trail: paging, filters, and parameters that are refused rather than guessed at.</summary>
[Collection("api")]
public sealed class AuditApiTests(ApiFixture api)
{
    [Fact]
    public async Task History_pages_newest_first_with_the_list_shape()
    {
        var owner = await api.NewUserAsync();
        var id = (await owner.Client.CreateCustomerAsync(new { name = "分页历史" })).Id();
        for (var i = 1; i <= 4; i++)
        {
            await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{id}", new { cooperation_years = i }).OkJsonAsync();
        }

        var first = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{id}/history?page=1&page_size=2");
        Assert.Equal(5, first.Long("total"));
        Assert.Equal(1, first.Long("page"));
        Assert.Equal(2, first.Long("page_size"));
        Assert.Equal([4, 3], first.Items().Select(e => e!["changes"]!["cooperation_years"]!["new"]!.GetValue<int>()));

        var last = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{id}/history?page=3&page_size=2");
        Assert.Equal(["create"], last.Items().Strings("action"));
        Assert.Empty((await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{id}/history?page=9")).Items());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    public async Task History_refuses_bad_paging_in_chinese(string query, string mentions)
    {
        var id = (await api.Admin.CreateCustomerAsync(new { name = "坏参数历史" })).Id();
        await (await api.Admin.GetAsync($"/api/v1/sales/customers/{id}/history?{query}")).AssertErrorAsync(HttpStatusCode.BadRequest, mentions);
    }

    [Theory]
    [InlineData("entity=customers", "可选值")]
    [InlineData("action=hack", "可选值")]
    [InlineData("entity_id=x", "entity_id")]
    [InlineData("user_id=0", "user_id")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-05-02&to=2026-05-01", "from 不能晚于 to")]
    [InlineData("page_size=500", "page_size")]
    public async Task Audit_list_refuses_bad_filters_in_chinese(string query, string mentions)
    {
        await (await api.Admin.GetAsync($"/api/v1/audit?{query}")).AssertErrorAsync(HttpStatusCode.BadRequest, mentions);
    }

    [Fact]
    public async Task Sales_get_403_from_the_audit_list_whatever_they_ask()
    {
        var sales = await api.NewUserAsync();
        await (await sales.Client.GetAsync("/api/v1/audit")).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await sales.Client.GetAsync("/api/v1/audit?entity=nonsense")).AssertErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Audit_list_filters_by_user_action_entity_and_time()
    {
        var sales = await api.NewUserAsync();
        DateTimeOffset day = new(2031, 3, 15, 10, 0, 0, TimeSpan.FromHours(8));
        long id;
        using (api.Factory.Clock.Pin(day))
        {
            id = (await sales.Client.CreateCustomerAsync(new { name = "过滤客户" })).Id();
        }

        using (api.Factory.Clock.Pin(day.AddDays(1)))
        {
            await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{id}", new { industry = "能源" }).OkJsonAsync();
        }

        var mine = await api.Admin.GetJsonAsync($"/api/v1/audit?user_id={sales.Id}&entity=customer");
        Assert.Equal(["update", "create"], mine.Items().Strings("action"));
        Assert.All(mine.Items(), e => Assert.Equal(sales.Id, e!.Long("actor_id")));

        var updates = await api.Admin.GetJsonAsync($"/api/v1/audit?user_id={sales.Id}&action=update");
        Assert.Equal([id], updates.Items().Select(e => e!.Long("entity_id")));

        var onTheFifteenth = await api.Admin.GetJsonAsync($"/api/v1/audit?entity=customer&entity_id={id}&from=2031-03-15&to=2031-03-15");
        Assert.Equal(["create"], onTheFifteenth.Items().Strings("action"));
        Assert.Equal("2031-03-15T10:00:00+08:00", onTheFifteenth.Items()[0]!.Str("at"));
        Assert.Equal("过滤客户", onTheFifteenth.Items()[0]!.Str("customer_name"));

        var fromTheSixteenth = await api.Admin.GetJsonAsync($"/api/v1/audit?customer_id={id}&from=2031-03-16T00:00:00%2B08:00");
        Assert.Equal(["update"], fromTheSixteenth.Items().Strings("action"));
    }
}
