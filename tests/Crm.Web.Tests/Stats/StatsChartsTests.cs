using System.Net;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Stats;

/// <summary>The figures behind the 客户统计 charts: revenue per grade and new customers per business month.</summary>
[Collection("api")]
public sealed class StatsChartsTests(ApiFixture api)
{
    [Fact]
    public async Task Revenue_by_level_sums_each_grade_and_lists_every_grade()
    {
        var sales = await api.NewUserAsync();
        await sales.Client.CreateCustomerAsync(new { name = "营收A1", status = "customer", annual_revenue = 2_000_000.50m, cooperation_years = 5 });
        await sales.Client.CreateCustomerAsync(new { name = "营收A2", status = "customer", annual_revenue = 1_500_000, cooperation_years = 4 });
        await sales.Client.CreateCustomerAsync(new { name = "营收C", status = "prospect", annual_revenue = 200_000 });
        await sales.Client.CreateCustomerAsync(new { name = "营收D", status = "potential" });
        var other = await api.NewUserAsync();
        await other.Client.CreateCustomerAsync(new { name = "别人的营收", status = "customer", annual_revenue = 9_000_000, cooperation_years = 9 });

        var rows = (await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats/revenue-by-level")).AsArray();
        Assert.Equal(["A", "B", "C", "D"], rows.Select(r => r!.Str("customer_level")));
        Assert.Equal(3_500_000.50m, rows[0]!["total_annual_revenue"]!.GetValue<decimal>());
        Assert.Equal(2, rows[0]!["customer_count"]!.GetValue<long>());
        Assert.Equal(0m, rows[1]!["total_annual_revenue"]!.GetValue<decimal>());
        Assert.Equal(200_000m, rows[2]!["total_annual_revenue"]!.GetValue<decimal>());
        Assert.Equal(1, rows[3]!["customer_count"]!.GetValue<long>());

        // An admin can narrow to one salesperson and sees the same figures.
        var asAdmin = (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/stats/revenue-by-level?sales_owner_id={sales.Id}")).AsArray();
        Assert.Equal(3_500_000.50m, asAdmin[0]!["total_annual_revenue"]!.GetValue<decimal>());

        // A salesperson naming someone else still sees only their own book (nothing of the other's).
        var sneaky = (await sales.Client.GetJsonAsync($"/api/v1/sales/customers/stats/revenue-by-level?sales_owner_id={other.Id}")).AsArray();
        Assert.All(sneaky, r => Assert.Equal(0, r!["customer_count"]!.GetValue<long>()));
    }

    [Fact]
    public async Task New_by_month_counts_the_last_12_business_months_oldest_first()
    {
        var sales = await api.NewUserAsync();
        // Months are business-zone months: 2026-03-31T15:30Z is 23:30 in Shanghai (March),
        // 2026-03-31T16:30Z is already 2026-04-01 00:30 there (April).
        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-03-31T15:30:00Z")))
        {
            await sales.Client.CreateCustomerAsync(new { name = "三月新客" });
        }

        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-03-31T16:30:00Z")))
        {
            await sales.Client.CreateCustomerAsync(new { name = "四月新客1" });
        }

        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-04-20T02:00:00Z")))
        {
            await sales.Client.CreateCustomerAsync(new { name = "四月新客2" });
        }

        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2025-04-30T10:00:00Z")))
        {
            await sales.Client.CreateCustomerAsync(new { name = "十三个月前" });
        }

        JsonArray months;
        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-04-25T04:00:00Z")))
        {
            months = (await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats/new-by-month")).AsArray();
        }

        Assert.Equal(12, months.Count);
        Assert.Equal("2025-05", months[0]!.Str("month"));
        Assert.Equal("2026-04", months[11]!.Str("month"));
        Assert.Equal(2, months[11]!["new_customers"]!.GetValue<long>());
        Assert.Equal(1, months[10]!["new_customers"]!.GetValue<long>());
        Assert.Equal(3, months.Sum(m => m!["new_customers"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Chart_figures_need_a_token_and_a_valid_owner_filter()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/api/v1/sales/customers/stats/new-by-month")).StatusCode);
        await (await api.Admin.GetAsync("/api/v1/sales/customers/stats/revenue-by-level?sales_owner_id=abc")).AssertErrorAsync(HttpStatusCode.BadRequest);
    }
}
