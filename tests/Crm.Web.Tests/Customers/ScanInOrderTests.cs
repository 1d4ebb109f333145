using Crm.Web.Data.Search;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// When a selective keyword's page walks the sort order instead of sorting all its candidates (default factor 4): the
/// walk reads about rowsNeeded × tableRows / candidates entries, the lookup about 4 entries' worth per candidate.
/// </summary>
public sealed class ScanInOrderTests
{
    [Theory]
    [InlineData(6_671, 20, 100_000, true)] // "xinyuan" at 100k, first page: ~300 entries walked vs 6,671 sorted
    [InlineData(6_671, 2_020, 100_000, false)] // page 101 of it: the walk would read ~30,000 entries
    [InlineData(20_000, 20, 1_000_000, true)] // the densest selective keyword at 1M
    [InlineData(1_000, 20, 1_000_000, false)] // 1 in 1,000 at 1M: ~20,000 entries walked vs 1,000 sorted
    [InlineData(2_300, 20, 1_000_000, true)] // 1 in 435 at 1M: ~8,700 entries walked vs 2,300 sorted
    [InlineData(20_000, long.MaxValue, 1_000_000, false)] // an export reads every row: always sorted
    public void A_page_walks_the_sort_order_only_when_that_reads_less_than_sorting_every_candidate(long candidates, long rowsNeeded, long tableRows, bool walk) =>
        Assert.Equal(walk, TrigramSearch.ScanInOrder(candidates, rowsNeeded, tableRows, factor: 4));
}
