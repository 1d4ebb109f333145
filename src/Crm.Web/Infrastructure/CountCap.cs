using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Decision 0008 for every paged list: totals are counted up to Crm:ListCountCap; beyond it the list reports the
/// cap and total_capped = true, which the UI shows as "10000+". Counting a million rows exactly on every page view
/// would cost more than the page itself. A short page needs no count at all.
/// </summary>
public sealed class CountCap(IConfiguration configuration)
{
    public const int Default = 10_000;

    public int Value { get; } = Math.Max(1, configuration.GetValue("Crm:ListCountCap", Default));

    /// <summary>
    /// The page with its total: known without counting when the page is short (it is the last one), else counted up
    /// to the cap.
    /// </summary>
    public async Task<Paged<T>> PageAsync<TRow, T>(IQueryable<TRow> filtered, int page, int pageSize, IReadOnlyList<T> items, CancellationToken ct)
    {
        if (items.Count < pageSize && (items.Count > 0 || page == 1))
        {
            return new Paged<T>(((long)page - 1) * pageSize + items.Count, page, pageSize, items);
        }

        var counted = await filtered.Take(Value + 1).LongCountAsync(ct);
        var capped = counted > Value;
        return new Paged<T>(capped ? Value : counted, page, pageSize, items) { TotalCapped = capped };
    }
}
