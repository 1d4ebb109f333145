using Crm.Web.Infrastructure;
using Crm.Web.Tests.ImportExport;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Decision 0068: a list's page has its size written into the SQL and the first page no OFFSET, so PostgreSQL plans the
/// statement once; a page whose best plan depends on the values keeps the parameter. Either way the pages are exactly
/// the sorted list cut into pieces, on both engines.
/// </summary>
[Collection("api")]
public sealed class RowLimitsTests(ApiFixture api)
{
    [Fact]
    public async Task Pages_cut_the_sorted_list_into_pieces_and_a_page_past_the_end_is_empty()
    {
        for (var i = 0; i < 7; i++)
        {
            await api.Admin.CreateCustomerAsync(new { name = $"分页精工{i}号" });
        }

        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        IQueryable<long> Sorted() => db.Customers.Where(c => c.Name.StartsWith("分页精工")).OrderByDescending(c => c.Id).Select(c => c.Id);
        var all = await Sorted().ToListAsync();
        Assert.Equal(7, all.Count);

        Assert.Equal(all[..3], await Sorted().Page(1, 3).ToListAsync());
        Assert.Equal(all[3..6], await Sorted().Page(2, 3).ToListAsync());
        Assert.Equal(all[6..], await Sorted().Page(3, 3).ToListAsync());
        Assert.Empty(await Sorted().Page(4, 3).ToListAsync());
        Assert.Empty(await Sorted().Page(int.MaxValue, 100).ToListAsync());
        Assert.Equal(all[3..6], await Sorted().Page(2, 3, planOnce: false).ToListAsync());
    }

    [Fact]
    public async Task The_page_size_is_in_the_sql_and_the_first_page_has_no_offset_unless_the_plan_depends_on_the_values()
    {
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var sorted = db.Customers.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);

        var first = sorted.Page(1, 20).ToQueryString();
        Assert.Contains("LIMIT 20", first, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFSET", first, StringComparison.Ordinal);

        var second = sorted.Page(2, 20).ToQueryString();
        Assert.Contains("LIMIT 20", second, StringComparison.Ordinal);
        Assert.Contains("OFFSET", second, StringComparison.Ordinal);

        var forTheValues = sorted.Page(1, 20, planOnce: false).ToQueryString();
        Assert.DoesNotContain("LIMIT 20", forTheValues, StringComparison.Ordinal);
        Assert.Contains("LIMIT @", forTheValues, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_statement_is_written_once_and_sent_again_as_it_is()
    {
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        IQueryable<long> Sorted() => db.Customers.Where(c => c.Name.StartsWith("整句复用")).OrderByDescending(c => c.Id).Select(c => c.Id);
        using var sent = SentStatements.Watch(db);

        foreach (var page in new[] { 1, 1, 2, 2 })
        {
            await Sorted().Page(page, 20).ToListAsync();
        }

        var texts = sent.Take();
        Assert.Equal(4, texts.Length);
        Assert.Contains("LIMIT 20", texts[0], StringComparison.Ordinal);
        Assert.Same(texts[0], texts[1]);
        Assert.Same(texts[2], texts[3]);
        Assert.NotEqual(texts[0], texts[2]);
    }
}
