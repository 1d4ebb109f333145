using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// The estimated total of decision 0066 as pure rules: where the sample's runs of ids lie, how its matches scale to the
/// whole id range, and how the estimate is rounded for 约 3.3 万.
/// </summary>
public sealed class CountEstimateTests
{
    [Theory]
    [InlineData(1, 1_000_000, 4_000, 8, "1-501 125001-125501 250001-250501 375001-375501 500001-500501 625001-625501 750001-750501 875001-875501")]
    [InlineData(101, 132, 16, 8, "101-103 105-107 109-111 113-115 117-119 121-123 125-127 129-131")] // span 32: twice the sample
    [InlineData(101, 131, 16, 8, "")] // span 31: under twice the sample, counting costs about the same
    [InlineData(1, 100, 3, 8, "1-2 34-35 67-68")] // fewer ids than runs: one id a run
    [InlineData(1, 0, 4_000, 8, "")] // no rows
    public void The_sample_is_runs_of_ids_spread_evenly_over_the_range(long min, long max, int sampleRows, int chunks, string expected)
    {
        var ranges = CountEstimate.Ranges(min, max, sampleRows, chunks);
        Assert.Equal(expected, string.Join(' ', ranges.Select(r => $"{r.From}-{r.To}")));
        if (ranges.Count > 0)
        {
            Assert.Equal(sampleRows - sampleRows % ranges.Count, ranges.Sum(r => r.To - r.From));
        }
    }

    [Theory]
    [InlineData(134, 4_000, 1_000_000, 33_500)] // "精密" at 1M: 33,431 match
    [InlineData(16, 16, 32, 32)] // every sampled id matched
    [InlineData(0, 4_000, 1_000_000, 0)]
    [InlineData(1, 3, 10, 3)] // 3.33 → 3
    [InlineData(1, 2, 5, 3)] // 2.5 → 3, away from zero
    [InlineData(5, 0, 100, 0)] // nothing sampled: no evidence
    public void The_sample_matches_scale_to_the_id_range(long matches, long sampledIds, long span, long expected) =>
        Assert.Equal(expected, CountEstimate.Scale(matches, sampledIds, span));

    [Theory]
    [InlineData(33_431, 33_000)]
    [InlineData(33_500, 34_000)]
    [InlineData(10_049, 10_000)]
    [InlineData(99_950, 100_000)]
    [InlineData(1_234_567, 1_200_000)]
    [InlineData(100, 100)]
    [InlineData(999, 1_000)]
    [InlineData(99, 99)] // below 100: as counted
    [InlineData(32, 32)]
    public void The_estimate_keeps_two_significant_digits(long estimate, long expected) =>
        Assert.Equal(expected, CountEstimate.Round(estimate));

    [Fact]
    public void An_estimate_is_remembered_per_list_whatever_its_page_or_order_and_per_whose_customers()
    {
        var admin = new Actor(1, UserRole.Admin, "管理员");
        var sales = new Actor(7, UserRole.Sales, "销售");
        var query = new CustomerQuery { Keyword = " 精密 ", Levels = [CustomerLevel.B, CustomerLevel.A], Tags = ["战略客户", "重点", "战略客户"] };
        var key = query.RowsKey(admin);

        Assert.Equal(key, (query with { Page = 9, PageSize = 50, OrderBy = CustomerOrder.Name, OrderDesc = false }).RowsKey(admin));
        Assert.Equal(key, (query with { Keyword = "精密", Levels = [CustomerLevel.A, CustomerLevel.B], Tags = ["重点", "战略客户"] }).RowsKey(admin));
        Assert.Equal(key, query.RowsKey(admin with { UserId = 2 })); // every admin sees every customer

        Assert.NotEqual(key, query.RowsKey(sales));
        Assert.NotEqual(query.RowsKey(sales), query.RowsKey(sales with { UserId = 8 }));
        Assert.NotEqual(key, (query with { Keyword = "精密仪器" }).RowsKey(admin));
        Assert.NotEqual(key, (query with { Levels = [CustomerLevel.A] }).RowsKey(admin));
        Assert.NotEqual(key, (query with { Statuses = [CustomerStatus.Customer] }).RowsKey(admin));
        Assert.NotEqual(key, (query with { Industry = "制造业" }).RowsKey(admin));
        Assert.NotEqual(key, (query with { SalesOwnerId = 7 }).RowsKey(admin));
        Assert.NotEqual(key, (query with { Tags = ["重点"] }).RowsKey(admin));
        Assert.NotEqual(key, (query with { OwnerActive = false }).RowsKey(admin));
        Assert.NotEqual(key, (query with { NotFollowedDays = 30 }).RowsKey(admin));
        Assert.NotEqual(key, (query with { Due = FollowUpDue.Today }).RowsKey(admin));
    }
}
