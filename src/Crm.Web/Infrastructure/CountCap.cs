using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Decision 0008 for every paged list: totals are counted up to Crm:ListCountCap; beyond it the list reports the
/// cap and total_capped = true, which the UI shows as "10000+". Counting a million rows exactly on every page view
/// would cost more than the page itself. A short page needs no count at all, and a list that can read an exact count
/// cheaply (the customer list from its counters, decision 0016) passes it in.
/// </summary>
public sealed class CountCap(IConfiguration configuration)
{
    public const int Default = 10_000;

    public int Value { get; } = Math.Max(1, configuration.GetValue("Crm:ListCountCap", Default));

    /// <summary>The page with its total: known without counting when the page is short, else counted up to the cap.</summary>
    public Task<Paged<T>> PageAsync<TRow, T>(IQueryable<TRow> filtered, int page, int pageSize, IReadOnlyList<T> items, CancellationToken ct) =>
        PageAsync(filtered, page, pageSize, items, exactCount: null, ct);

    /// <summary>The same, counted up to <paramref name="limit"/> when that is below the cap (a summary's "1000+").</summary>
    public Task<Paged<T>> PageAsync<TRow, T>(IQueryable<TRow> filtered, int page, int pageSize, IReadOnlyList<T> items, int? limit, CancellationToken ct) =>
        PageAsync(filtered, page, pageSize, items, exactCount: null, limit is { } l ? Math.Clamp(l, 1, Value) : Value, ct);

    /// <summary>
    /// The page with its total: known without counting when the page is short (it is the last one); else from
    /// <paramref name="exactCount"/> when the caller has a cheap exact count; else counted up to the cap.
    /// </summary>
    public Task<Paged<T>> PageAsync<TRow, T>(
        IQueryable<TRow> filtered, int page, int pageSize, IReadOnlyList<T> items, Func<CancellationToken, Task<long>>? exactCount, CancellationToken ct) =>
        PageAsync(filtered, page, pageSize, items, exactCount, Value, ct);

    /// <summary>
    /// The same, with a total already estimated from a sample (decision 0066, <c>Data.Search.CountEstimate</c>): it
    /// stands for the count when there is one and the page does not show where the list ends, or an empty page after
    /// the first does not show that the estimate was too high.
    /// </summary>
    public Task<Paged<T>> PageAsync<TRow, T>(
        IQueryable<TRow> filtered, int page, int pageSize, IReadOnlyList<T> items, Func<CancellationToken, Task<long>>? exactCount, long? estimate, CancellationToken ct) =>
        estimate is { } total && items.Count == pageSize
            ? Task.FromResult(new Paged<T>(total, page, pageSize, items) { TotalEstimated = true })
            : PageAsync(filtered, page, pageSize, items, exactCount, Value, ct);

    /// <summary>
    /// The page and its total from one read of the matches' ids in list order, for PostgreSQL lists whose matches its
    /// planner cannot estimate, so that a page and a count would each visit them all (decisions 0060, 0069, 0075): up
    /// to the cap + 1 ids, or every one when the page lies past the cap or the exact total is asked for. The total is
    /// their number, capped as the count would be; a short page knows it exactly. <paramref name="rowsOf"/> reads the
    /// page's rows by id, in list order.
    /// </summary>
    public async Task<Paged<T>> IdsPageAsync<T>(
        IQueryable<long> sortedIds, int page, int pageSize, bool exactTotal, Func<List<long>, CancellationToken, Task<IReadOnlyList<T>>> rowsOf, CancellationToken ct)
    {
        var skip = (long)(page - 1) * pageSize;
        var everyId = exactTotal || skip + pageSize > Value;
        var ids = await (everyId ? sortedIds : sortedIds.Take(Value + 1)).ToListAsync(ct);
        var pageIds = ids.Skip((int)Math.Min(skip, int.MaxValue)).Take(pageSize).ToList();
        var items = pageIds.Count == 0 ? [] : await rowsOf(pageIds, ct);
        var lastPage = pageIds.Count < pageSize && (pageIds.Count > 0 || page == 1);
        var capped = !exactTotal && !lastPage && ids.Count > Value;
        return new Paged<T>(capped ? Value : ids.Count, page, pageSize, items) { TotalCapped = capped };
    }

    /// <summary>
    /// The page with a total that is always cheap to read exactly (a counter: the tag list, decision 0083); a short
    /// page still needs no query.
    /// </summary>
    public Task<Paged<T>> PageAsync<T>(Func<CancellationToken, Task<long>> exactCount, int page, int pageSize, IReadOnlyList<T> items, CancellationToken ct) =>
        PageAsync((_, c) => exactCount(c), page, pageSize, items, exactCount, Value, ct);

    private static Task<Paged<T>> PageAsync<TRow, T>(
        IQueryable<TRow> filtered, int page, int pageSize, IReadOnlyList<T> items, Func<CancellationToken, Task<long>>? exactCount, int cap, CancellationToken ct) =>
        PageAsync((limit, c) => filtered.Take(limit).LongCountAsync(c), page, pageSize, items, exactCount, cap, ct);

    private static async Task<Paged<T>> PageAsync<T>(
        Func<int, CancellationToken, Task<long>> countUpTo, int page, int pageSize, IReadOnlyList<T> items, Func<CancellationToken, Task<long>>? exactCount, int cap, CancellationToken ct)
    {
        if (items.Count < pageSize && (items.Count > 0 || page == 1))
        {
            return new Paged<T>(((long)page - 1) * pageSize + items.Count, page, pageSize, items);
        }

        if (exactCount is not null)
        {
            return new Paged<T>(await exactCount(ct), page, pageSize, items);
        }

        var counted = await countUpTo(cap + 1, ct);
        var capped = counted > cap;
        return new Paged<T>(capped ? cap : counted, page, pageSize, items) { TotalCapped = capped };
    }
}
