using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// When a selective keyword's page walks the sort order instead of sorting all its candidates (decision 0073, default
/// factor 24): the walk must read fewer index entries than 24 per candidate. In creation order the candidates' ids say
/// how far the page's last candidate lies; in an order the text does not decide they are taken as spread evenly; in
/// the text's own order (name, code) the page never walks.
/// </summary>
public sealed class ScanInOrderTests
{
    private const double Factor = 24;

    public static TheoryData<string, long[], long, MatchSpread, long, bool> Pages => new()
    {
        // 苏州华创 at 1M: 1,261 candidates over the whole range; its 20th newest lies ~16,000 ids from the end.
        { "1,261 spread, newest first", Spread(1_261, 1_000_000), 20, MatchSpread.IdsDescending, 1_000_000, true },
        { "1,261 spread, oldest first", Spread(1_261, 1_000_000), 20, MatchSpread.IdsAscending, 1_000_000, true },
        { "1,261 spread, page 11", Spread(1_261, 1_000_000), 220, MatchSpread.IdsDescending, 1_000_000, false },
        // `0251103` of a code: 913 customers created on one day, 357,000 ids before the newest.
        { "913 of one day, newest first", Run(642_000, 913), 20, MatchSpread.IdsDescending, 1_000_000, false },
        { "913 of one day, oldest first", Run(642_000, 913), 20, MatchSpread.IdsAscending, 1_000_000, false },
        { "913 of today, newest first", Run(999_000, 913), 20, MatchSpread.IdsDescending, 1_000_000, true },
        { "913 of the first day, oldest first", Run(1, 913), 20, MatchSpread.IdsAscending, 1_000_000, true },
        { "fewer candidates than the page reaches", Run(999_990, 10), 20, MatchSpread.IdsDescending, 1_000_000, false },
        // Spread evenly: rows × table / candidates entries against 24 per candidate.
        { "xinyuan at 100k, first page", Spread(6_671, 100_000), 20, MatchSpread.Even, 100_000, true },
        { "1 in 1,000 at 1M", Spread(1_000, 1_000_000), 20, MatchSpread.Even, 1_000_000, true },
        { "1 in 2,000 at 1M", Spread(500, 1_000_000), 20, MatchSpread.Even, 1_000_000, false },
        { "20,000 at 1M, page 1,000", Spread(20_000, 1_000_000), 20_000, MatchSpread.Even, 1_000_000, false },
        // The text's own order: never walked, however dense.
        { "20,000 at 1M by name", Spread(20_000, 1_000_000), 20, MatchSpread.Clustered, 1_000_000, false },
        { "an export", Spread(20_000, 1_000_000), long.MaxValue, MatchSpread.Clustered, 1_000_000, false },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_page_walks_the_sort_order_only_when_that_reads_less_than_looking_every_candidate_up(
        string page, long[] candidates, long rows, MatchSpread spread, long tableRows, bool walk)
    {
        Assert.True(walk == TrigramSearch.ScanInOrder(candidates, new PageReach(rows, spread), tableRows, Factor), page);
    }

    [Theory]
    [InlineData(CustomerOrder.CreatedAt, true, MatchSpread.IdsDescending)]
    [InlineData(CustomerOrder.CreatedAt, false, MatchSpread.IdsAscending)]
    [InlineData(CustomerOrder.Name, false, MatchSpread.Clustered)]
    [InlineData(CustomerOrder.CustomerCode, true, MatchSpread.Clustered)]
    [InlineData(CustomerOrder.LastFollowUpAt, true, MatchSpread.Even)]
    [InlineData(CustomerOrder.UpdatedAt, false, MatchSpread.Even)]
    [InlineData(CustomerOrder.AnnualRevenue, true, MatchSpread.Even)]
    public void The_customer_lists_sort_orders_lie_against_the_matches_as_their_keys_say(CustomerOrder order, bool desc, MatchSpread spread) =>
        Assert.Equal(spread, SearchCustomers.SpreadOf(order, desc));

    [Fact]
    public void A_factor_of_zero_never_walks_even_when_the_page_is_at_the_walks_start() =>
        Assert.False(TrigramSearch.ScanInOrder(Run(999_981, 20), new PageReach(20, MatchSpread.IdsDescending), 1_000_000, factor: 0));

    private static long[] Spread(int count, long tableRows) =>
        [.. Enumerable.Range(1, count).Select(i => i * tableRows / count)];

    private static long[] Run(long first, int count) => [.. Enumerable.Range(0, count).Select(i => first + i)];
}
