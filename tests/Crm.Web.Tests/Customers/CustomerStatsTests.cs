using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

[Collection("api")]
public sealed class CustomerStatsTests(ApiFixture api)
{
    [Fact]
    public async Task Stats_count_the_callers_book_by_status_and_grade()
    {
        var sales = await api.NewUserAsync();
        await sales.Client.CreateCustomerAsync(new { name = "统计A", annual_revenue = 2_000_000.10m, cooperation_years = 5, status = "customer" });
        await sales.Client.CreateCustomerAsync(new { name = "统计B", annual_revenue = 600_000, cooperation_years = 2, status = "prospect" });
        await sales.Client.CreateCustomerAsync(new { name = "统计D1", status = "potential", cooperation_years = 0 });
        await sales.Client.CreateCustomerAsync(new { name = "统计D2", status = "lost" });
        var other = await api.NewUserAsync();
        await other.Client.CreateCustomerAsync(new { name = "别人的", annual_revenue = 9_999_999 });

        var stats = await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats");
        Assert.Equal(4, stats["total_customers"]!.GetValue<long>());
        Assert.Equal(1, stats["potential_count"]!.GetValue<long>());
        Assert.Equal(1, stats["prospect_count"]!.GetValue<long>());
        Assert.Equal(1, stats["customer_count"]!.GetValue<long>());
        Assert.Equal(1, stats["lost_count"]!.GetValue<long>());
        Assert.Equal(1, stats["level_a_count"]!.GetValue<long>());
        Assert.Equal(1, stats["level_b_count"]!.GetValue<long>());
        Assert.Equal(0, stats["level_c_count"]!.GetValue<long>());
        Assert.Equal(2, stats["level_d_count"]!.GetValue<long>());
        Assert.Equal(2_600_000.10m, stats["total_annual_revenue"]!.GetValue<decimal>());

        // Mean over customers that have a value: (5 + 2 + 0) / 3 = 2.33.
        Assert.Equal(2.33m, stats["avg_cooperation_years"]!.GetValue<decimal>());

        var asAdmin = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/stats?sales_owner_id={sales.Id}");
        Assert.Equal(4, asAdmin["total_customers"]!.GetValue<long>());
        Assert.Equal(2_600_000.10m, asAdmin["total_annual_revenue"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Empty_book_has_zero_figures()
    {
        var sales = await api.NewUserAsync();
        var stats = await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats");
        Assert.Equal(0, stats["total_customers"]!.GetValue<long>());
        Assert.Equal(0m, stats["total_annual_revenue"]!.GetValue<decimal>());
        Assert.Equal(0m, stats["avg_cooperation_years"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Salesperson_cannot_see_another_book_through_the_owner_filter()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        await other.Client.CreateCustomerAsync(new { name = "他人统计" });
        var stats = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/stats?sales_owner_id={other.Id}");
        Assert.Equal(0, stats["total_customers"]!.GetValue<long>());
        await (await sales.Client.GetAsync("/api/v1/sales/customers/stats?sales_owner_id=x")).AssertErrorAsync(HttpStatusCode.BadRequest);
    }
}
