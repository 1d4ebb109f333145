using System.Net;
using Crm.Web.Data.Search;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// Decision 0066: a keyword matching more than the count cap gets a total estimated from a sample of the table (runs of
/// ids, tested row by row), flagged total_estimated; exact_total=true counts exactly instead; the pages are always
/// exactly what a full scan finds. Crm:ListCountCap = 3 and Crm:CountSampleRows = 16 (eight runs of two ids) let 32
/// customers show it: two salespeople created them in turn, so every run holds one of each. Crm:SearchSelectiveRows = 3
/// keeps SQLite from reading a keyword on more rows than that from its candidates, whose number would be its exact total
/// (decision 0071).
/// </summary>
public sealed class EstimatedTotalTests : OwnAppTests
{
    private const int Cap = 3;
    private const int SampleRows = 16;

    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(Cap, selectiveRows: 3, sampleRows: SampleRows);

    [Fact]
    public async Task A_keyword_matching_more_than_the_cap_gets_an_estimated_total_and_the_same_pages_as_a_full_scan()
    {
        var api = Api;
        var (first, second, created) = await CreateAsync(api);
        var (min, max) = (created.Min(c => c.Id), created.Max(c => c.Id));
        Assert.Equal(32, max - min + 1); // the table holds exactly these: the sample's runs are known

        foreach (var (client, ownerId) in new[] { (api.Admin, (long?)null), (first.Client, first.Id), (second.Client, second.Id) })
        {
            var want = created.Where(c => ownerId is null || c.Owner == ownerId).Select(c => c.Id).OrderByDescending(id => id).ToList();

            // Each run of two ids holds one customer of each salesperson: the sample sees the true share.
            var top = await client.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker)}&page_size=5");
            Assert.Equal(want.Count, top.Long("total"));
            Assert.True(top.Bool("total_estimated"), $"as {ownerId}: {top}");
            Assert.False(top.Bool("total_capped"));

            var got = new List<long>();
            for (var page = 1; page <= 10; page++)
            {
                var body = await client.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker)}&page_size=5&page={page}");
                got.AddRange(body.Items().Select(i => i!.Id()));
                if (body.Items().Count < 5)
                {
                    // The last page shows where the list ends: its total is exact.
                    Assert.Equal(want.Count, body.Long("total"));
                    Assert.False(body.Bool("total_estimated"));
                    break;
                }
            }

            Assert.True(want.SequenceEqual(got), $"as {ownerId}: got [{string.Join(',', got)}], want [{string.Join(',', want)}]");

            var exact = await client.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker)}&page_size=5&page=2&exact_total=true");
            Assert.Equal((want.Count, false, false), (exact.Long("total"), exact.Bool("total_estimated"), exact.Bool("total_capped")));
            Assert.Equal(want.Skip(5).Take(5), exact.Items().Select(i => i!.Id()));
        }
    }

    [Fact]
    public async Task The_estimate_counts_only_what_the_other_filters_let_through()
    {
        var api = Api;
        var (first, _, created) = await CreateAsync(api);

        // "甲" is on a quarter of the 32 (offsets 0 and 2 of every eight); the sample reads offsets 0 and 1 of every four.
        var quarter = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker + "甲")}&page_size=2");
        Assert.Equal((8, true), (quarter.Long("total"), quarter.Bool("total_estimated")));

        // Grade B is the first salesperson's customers only (their revenue and years grade them B, the others C).
        var graded = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker)}&customer_level=B&page_size=2");
        var wantGraded = created.Count(c => c.Owner == first.Id);
        Assert.Equal((wantGraded, true), (graded.Long("total"), graded.Bool("total_estimated")));
    }

    [Fact]
    public async Task A_keyword_the_sample_misses_is_counted_up_to_the_cap_never_estimated()
    {
        var api = Api;
        var (_, _, created) = await CreateAsync(api);

        // "乙" is on 4 customers, all outside the sample's runs: no evidence, so it is counted (up to the cap), not guessed.
        var rare = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker + "乙")}&page_size=2");
        Assert.Equal((Cap, true, false), (rare.Long("total"), rare.Bool("total_capped"), rare.Bool("total_estimated")));

        var exact = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Marker + "乙")}&page_size=2&exact_total=true");
        Assert.Equal((created.Count(c => c.Name.Contains(Marker + "乙", StringComparison.Ordinal)), false, false), (exact.Long("total"), exact.Bool("total_capped"), exact.Bool("total_estimated")));

        // A list without a keyword is never estimated: its total comes from the counters, exactly.
        var plain = await api.Admin.GetJsonAsync("/api/v1/sales/customers?page_size=2");
        Assert.Equal((32L, false), (plain.Long("total"), plain.Bool("total_estimated")));
    }

    [Fact]
    public async Task Exact_total_counts_a_capped_list_exactly_with_or_without_a_keyword()
    {
        var api = Api;
        var (_, _, created) = await CreateAsync(api);
        var tag = RecordHelpers.UniqueTag("精确");
        foreach (var (id, _, _) in created.Take(7))
        {
            await api.Admin.AddTagAsync(id, tag);
        }

        // An admin's list of one tag reads the tag's counter: exact without asking (decision 0083). With another filter
        // the counters cannot answer, the total is capped unless asked for exactly.
        var tagOnly = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?tag={Uri.EscapeDataString(tag)}&page_size=2");
        Assert.Equal((7L, false), (tagOnly.Long("total"), tagOnly.Bool("total_capped")));
        foreach (var query in new[] { $"tag={Uri.EscapeDataString(tag)}&not_followed_days=30", "not_followed_days=0" })
        {
            var want = query.StartsWith("tag", StringComparison.Ordinal) ? 7L : 32L;
            var capped = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{query}&page_size=2");
            Assert.Equal((Cap, true), (capped.Long("total"), capped.Bool("total_capped")));

            var exact = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?{query}&page_size=2&exact_total=true");
            Assert.Equal((want, false, false), (exact.Long("total"), exact.Bool("total_capped"), exact.Bool("total_estimated")));
        }
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public async Task A_bad_exact_total_is_a_400_with_a_chinese_message(string value)
    {
        var response = await Api.Admin.GetAsync($"/api/v1/sales/customers?keyword=x&exact_total={Uri.EscapeDataString(value)}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "exact_total");
    }

    private const string Marker = "估算客户";

    /// <summary>
    /// 32 customers named with the marker, created in turn by two salespeople (the first's grade B, the second's C). The
    /// sample's eight runs read offsets 0–1, 4–5, … 28–29. "甲" follows the marker at offsets 0 and 2 of every eight (8
    /// customers, 4 sampled); "乙" at offsets 3, 11, 19 and 27, which no run reads.
    /// </summary>
    private static async Task<(TestUser First, TestUser Second, List<(long Id, long Owner, string Name)> Created)> CreateAsync(ApiFixture api)
    {
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        var created = new List<(long Id, long Owner, string Name)>();
        for (var i = 0; i < 32; i++)
        {
            var owner = i % 2 == 0 ? first : second;
            var name = Marker + (i % 8 is 0 or 2 ? "甲" : i % 8 == 3 ? "乙" : "") + $"{i:00}号有限公司";
            var customer = await owner.Client.CreateCustomerAsync(new { name, status = "customer", annual_revenue = i % 2 == 0 ? 600_000 : 100_000, cooperation_years = 2 });
            created.Add((customer.Id(), owner.Id, name));
        }

        return (first, second, created);
    }
}
