using System.Net;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

[Collection("api")]
public sealed class ListCustomersTests(ApiFixture api)
{
    private static string[] Names(JsonNode page) => page["items"]!.AsArray().Select(i => i!.Str("name")).ToArray();

    [Fact]
    public async Task Salesperson_lists_only_own_customers_with_total_and_paging()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        for (var i = 1; i <= 5; i++)
        {
            await sales.Client.CreateCustomerAsync(new { name = $"分页客户{i}" });
        }

        await other.Client.CreateCustomerAsync(new { name = "别人的客户" });

        var page1 = await sales.Client.GetJsonAsync("/api/v1/sales/customers?page=1&page_size=2");
        Assert.Equal(5, page1["total"]!.GetValue<long>());
        Assert.Equal(1, page1["page"]!.GetValue<int>());
        Assert.Equal(2, page1["page_size"]!.GetValue<int>());
        Assert.Equal(["分页客户5", "分页客户4"], Names(page1));

        var page3 = await sales.Client.GetJsonAsync("/api/v1/sales/customers?page=3&page_size=2");
        Assert.Equal(["分页客户1"], Names(page3));

        var all = await sales.Client.GetJsonAsync("/api/v1/sales/customers?page_size=100");
        Assert.DoesNotContain("别人的客户", Names(all));
    }

    [Fact]
    public async Task Keyword_matches_name_code_and_short_name_case_insensitively_and_literally()
    {
        var sales = await api.NewUserAsync();
        var a = await sales.Client.CreateCustomerAsync(new { name = "上海精密机械有限公司", short_name = "精机" });
        await sales.Client.CreateCustomerAsync(new { name = "Acme Trading Ltd", short_name = "ACME" });
        await sales.Client.CreateCustomerAsync(new { name = "百分之百_有限公司", short_name = "100%" });
        await sales.Client.CreateCustomerAsync(new { name = "反斜杠\\公司" });

        Assert.Equal(["上海精密机械有限公司"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("精密"))));
        Assert.Equal(["Acme Trading Ltd"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=acme")));
        Assert.Equal(["Acme Trading Ltd"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=TRADING")));
        Assert.Equal(["上海精密机械有限公司"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString(a.Str("customer_code").ToLowerInvariant()))));
        Assert.Equal(["上海精密机械有限公司"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("精机"))));
        Assert.Equal(["百分之百_有限公司"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("%"))));
        Assert.Equal(["百分之百_有限公司"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("_"))));
        Assert.Equal(["反斜杠\\公司"], Names(await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("\\"))));
        Assert.Equal(4, (await sales.Client.GetJsonAsync("/api/v1/sales/customers?keyword="))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Filters_by_level_status_industry_and_owner()
    {
        var sales = await api.NewUserAsync();
        await sales.Client.CreateCustomerAsync(new { name = "甲A", annual_revenue = 2_000_000, cooperation_years = 5, status = "customer", industry = "汽车" });
        await sales.Client.CreateCustomerAsync(new { name = "乙B", annual_revenue = 600_000, cooperation_years = 2, status = "customer", industry = "医疗" });
        await sales.Client.CreateCustomerAsync(new { name = "丙C", annual_revenue = 200_000, status = "prospect", industry = "汽车" });
        await sales.Client.CreateCustomerAsync(new { name = "丁D", status = "potential", industry = "汽车配件" });
        var me = $"sales_owner_id={sales.Id}&page_size=100";

        Assert.Equal(["乙B", "甲A"], Names(await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{me}&customer_level=A,B")));
        Assert.Equal(["乙B", "甲A"], Names(await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{me}&customer_level=A&customer_level=b")));
        Assert.Equal(["丁D", "丙C"], Names(await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{me}&status=prospect,potential")));
        Assert.Equal(["丙C", "甲A"], Names(await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{me}&industry=" + Uri.EscapeDataString("汽车"))));
        Assert.Equal(["丙C"], Names(await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{me}&industry=" + Uri.EscapeDataString("汽车") + "&customer_level=C&status=prospect")));
        Assert.Equal(4, (await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{me}&customer_level=&status="))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Sorts_by_every_key_with_missing_values_smallest_and_ties_by_id()
    {
        var sales = await api.NewUserAsync();
        var b = await sales.Client.CreateCustomerAsync(new { name = "B公司", annual_revenue = 500 });
        var a = await sales.Client.CreateCustomerAsync(new { name = "A公司" });
        var c = await sales.Client.CreateCustomerAsync(new { name = "C公司", annual_revenue = 100 });
        var url = "/api/v1/sales/customers?page_size=100";

        Assert.Equal(["A公司", "B公司", "C公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=name&order_desc=false")));
        Assert.Equal(["C公司", "B公司", "A公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=name&order_desc=true")));
        Assert.Equal(["A公司", "C公司", "B公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=annual_revenue&order_desc=false")));
        Assert.Equal(["B公司", "C公司", "A公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=annual_revenue&order_desc=true")));
        Assert.Equal(["B公司", "A公司", "C公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=created_at&order_desc=false")));
        Assert.Equal(["B公司", "A公司", "C公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=customer_code&order_desc=false")));

        // Never followed up: all tie on the missing value, so the id decides, in the same direction.
        Assert.Equal(["B公司", "A公司", "C公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=last_follow_up_at&order_desc=false")));
        Assert.Equal(["C公司", "A公司", "B公司"], Names(await sales.Client.GetJsonAsync($"{url}&order_by=last_follow_up_at&order_desc=true")));

        await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{b.Id()}", new { industry = "更新" });
        Assert.Equal("B公司", Names(await sales.Client.GetJsonAsync($"{url}&order_by=updated_at"))[0]);
        _ = a;
        _ = c;
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("page_size=0")]
    [InlineData("page_size=101")]
    [InlineData("order_by=id")]
    [InlineData("order_desc=yes")]
    [InlineData("customer_level=E")]
    [InlineData("status=vip")]
    [InlineData("sales_owner_id=abc")]
    public async Task Bad_parameters_are_400_not_clamped(string query)
    {
        var response = await api.Admin.GetAsync($"/api/v1/sales/customers?{query}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_parameters_count_as_not_given()
    {
        var response = await api.Admin.GetJsonAsync("/api/v1/sales/customers?page=&page_size=&order_by=&order_desc=&keyword=&industry=&sales_owner_id=");
        Assert.Equal(1, response["page"]!.GetValue<int>());
        Assert.Equal(20, response["page_size"]!.GetValue<int>());
    }
}
