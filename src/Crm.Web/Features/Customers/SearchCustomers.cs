using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

public enum CustomerOrder
{
    CreatedAt,
    LastFollowUpAt,
    UpdatedAt,
    Name,
    CustomerCode,
    AnnualRevenue,
}

/// <summary>Customers whose 下次跟进时间 (the plan of their latest follow-up record) has come: see <see cref="FollowUpDueRange"/>.</summary>
public enum FollowUpDue
{
    /// <summary>Planned for today in the business zone (any time of the day): 今日待跟进.</summary>
    Today,

    /// <summary>Planned for a business-zone day before today: 已逾期.</summary>
    Overdue,
}

/// <summary>A customer list request: filters, sort and page. The API parses it from the query string; the UI builds it.</summary>
public sealed record CustomerQuery
{
    public const int MaxPageSize = 100;

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
    public string? Keyword { get; init; }
    public IReadOnlyList<CustomerLevel> Levels { get; init; } = [];
    public IReadOnlyList<CustomerStatus> Statuses { get; init; } = [];
    public string? Industry { get; init; }
    public long? SalesOwnerId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Only customers whose owner is active (true) or deactivated (false): no customer of a leaver is forgotten.</summary>
    public bool? OwnerActive { get; init; }

    /// <summary>Customers not followed up for more than this many days (never followed up included).</summary>
    public int? NotFollowedDays { get; init; }

    /// <summary>Only customers with a follow-up due today, or overdue (API <c>follow_up_due=today|overdue</c>).</summary>
    public FollowUpDue? Due { get; init; }

    public CustomerOrder OrderBy { get; init; } = CustomerOrder.CreatedAt;
    public bool OrderDesc { get; init; } = true;

    /// <summary>
    /// Count the total exactly, however large (API <c>exact_total=true</c>; the list's 精确计数): without it a keyword
    /// list above the count cap gets an estimated total, and other lists stop counting at the cap (decisions 0008, 0066).
    /// </summary>
    public bool ExactTotal { get; init; }

    public static IReadOnlyList<string> OrderNames { get; } = ["created_at", "last_follow_up_at", "updated_at", "name", "customer_code", "annual_revenue"];

    /// <summary>Which rows the list holds, whatever their order and page: its filters and whose customers the actor sees.</summary>
    public string RowsKey(Actor actor) => string.Join(
        '\u001f',
        actor.IsAdmin ? "*" : actor.UserId.ToString(CultureInfo.InvariantCulture),
        Text.Clean(Keyword),
        string.Join(',', Levels.Order()),
        string.Join(',', Statuses.Order()),
        Text.Clean(Industry),
        SalesOwnerId,
        string.Join(',', Tags.Select(Text.Clean).OfType<string>().Distinct().Order(StringComparer.Ordinal)),
        OwnerActive,
        NotFollowedDays,
        Due);

    /// <summary>Parses query parameters strictly: a bad value is a 400, never silently replaced (SPEC §4.1).</summary>
    public static CustomerQuery Parse(IQueryCollection query)
    {
        var result = Read(query, out var errors);
        errors.ThrowIfAny();
        return result;
    }

    /// <summary>
    /// The same reading for a URL a person may have edited (the customer list page, decision 0018): a bad value is
    /// left out, so its default applies, and <paramref name="errors"/> holds the message the API would have answered.
    /// </summary>
    public static CustomerQuery Read(IQueryCollection query, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        var result = new CustomerQuery
        {
            Page = QueryValues.Int(query, "page", 1, int.MaxValue, () => Messages.PageInvalid, errors) ?? 1,
            PageSize = QueryValues.Int(query, "page_size", 1, MaxPageSize, () => Messages.PageSizeInvalid, errors) ?? 20,
            Keyword = QueryValues.Single(query, "keyword"),
            Levels = QueryValues.Enums<CustomerLevel>(query, "customer_level", errors),
            Statuses = QueryValues.Enums<CustomerStatus>(query, "status", errors),
            Industry = QueryValues.Single(query, "industry"),
            SalesOwnerId = QueryValues.Long(query, "sales_owner_id", errors),
            Tags = QueryValues.All(query, "tag"),
            OwnerActive = QueryValues.Bool(query, "owner_active", errors),
            NotFollowedDays = QueryValues.Int(query, "not_followed_days", 0, 36500, () => Messages.Format("ParameterInvalid", "not_followed_days"), errors),
            OrderDesc = QueryValues.Bool(query, "order_desc", errors) ?? true,
            ExactTotal = QueryValues.Bool(query, "exact_total", errors) ?? false,
        };

        if (QueryValues.Single(query, "follow_up_due") is { } due)
        {
            if (EnumText<FollowUpDue>.TryParse(due, out var parsed))
            {
                result = result with { Due = parsed };
            }
            else
            {
                errors.Add("follow_up_due", Messages.Format("InvalidChoice", "follow_up_due", string.Join(", ", EnumText<FollowUpDue>.Names)));
            }
        }

        var orderBy = QueryValues.Single(query, "order_by");
        if (orderBy is not null)
        {
            var index = OrderNames.ToList().IndexOf(orderBy);
            if (index < 0)
            {
                errors.Add("order_by", Messages.Format("OrderByInvalid", string.Join(", ", OrderNames)));
            }
            else
            {
                result = result with { OrderBy = (CustomerOrder)index };
            }
        }

        return result;
    }
}

/// <summary>
/// The customer list: filtered, sorted and paged in the database; each row carries its tags. The total comes from
/// the counters when only owner, grade and status filter the list; from a keyword's candidate ids when they are its
/// matches (SQLite, decision 0071); for a keyword that the sample says matches more than the count cap, it is
/// estimated (decision 0066); else it is counted up to the cap — or, on request, exactly.
/// </summary>
public sealed class SearchCustomers(
    IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time, CountCap countCap, SearchTuning tuning, CountEstimate estimates)
{
    public async Task<Paged<CustomerDto>> HandleAsync(Actor actor, CustomerQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.OpenDbContextAsync(ct);
        if (CustomerCounts.OnlyTag(actor, query) is { } onlyTag && query.OrderBy == CustomerOrder.CreatedAt)
        {
            return await TagPageAsync(db, onlyTag, query, ct);
        }

        var nowUtc = clock.GetUtcNow().UtcDateTime;
        if (CustomerCounts.CanCount(query))
        {
            // Only owner, grade and status filter the list: the page is its compiled shape and the total the counters'
            // sum, so the filter is not also composed as a query to count (~50 µs a request with all three).
            var counted = await ShapedPageAsync(db, actor, query, nowUtc, time, ct);
            await counted.WithTagsAsync(db, ct);
            return await countCap.PageAsync(
                c => CustomerCounts.CountAsync(db, actor, query, c), query.Page, query.PageSize, counted.Select(r => r.ToDto(time)).ToList(), ct);
        }

        var rowsNeeded = (long)query.Page * query.PageSize;
        var filtered = await FilterAsync(db, actor, query, nowUtc, time, tuning, new PageReach(rowsNeeded, SpreadOf(query.OrderBy, query.OrderDesc)), ct);
        var keyword = Text.Clean(query.Keyword) is not null;
        var estimate = keyword && !query.ExactTotal ? await estimates.AboveAsync(db, filtered, countCap.Value, query.RowsKey(actor), ct) : null;
        if (db.IsPostgres && (filtered.Few || (keyword && estimate is null && !query.ExactTotal && rowsNeeded <= countCap.Value)))
        {
            return await SortedIdsPageAsync(db, filtered.Rows, query, ct);
        }

        // More matches than the cap: at least one row in a hundred of a million matches, so walking the sort order
        // and testing each row fills the page sooner than looking every match up in the keyword's index.
        var rows = keyword || CustomerList.Tagged(query)
            ? await Sort(estimate is null ? filtered.Rows : filtered.RowByRow, query.OrderBy, query.OrderDesc)
                .Page(query.Page, query.PageSize, planOnce: PlanOnce(db, query))
                .Select(CustomerRow.Projection)
                .AsNoTracking()
                .ToListAsync(ct)
            : await ShapedPageAsync(db, actor, query, nowUtc, time, ct);
        await rows.WithTagsAsync(db, ct);

        var items = rows.Select(r => r.ToDto(time)).ToList();
        if (CustomerCounts.OnlyTag(actor, query) is { } tag)
        {
            return await TagTotalAsync(db, tag, query, items, ct);
        }

        Func<CancellationToken, Task<long>>? exactCount = filtered.Matches is { } matches ? _ => Task.FromResult(matches)
            : query.ExactTotal ? filtered.Counted.LongCountAsync
            : null;
        return await countCap.PageAsync(filtered.Counted, query.Page, query.PageSize, items, exactCount, estimate, ct);
    }

    /// <summary>
    /// Everyone's customers with one tag, in the default order (creation time): the page's ids are one range of the tag
    /// index, which holds each customer's creation time (decision 0078), and its rows are read by id; common and rare
    /// tags alike. Sorting the holders by the customers' own column looked each one up (a tag on 1,000 customers: 4.8 ms
    /// of primary-key lookups at 1M on PostgreSQL; the range: 0.9 ms).
    /// </summary>
    private async Task<Paged<CustomerDto>> TagPageAsync(CrmDbContext db, string tag, CustomerQuery query, CancellationToken ct)
    {
        var rows = await TagPages.ToListAsync(
            db, new TagPageShape(query.OrderDesc, query.Page > 1, query.PageSize), new TagPageArgs { Tag = tag, Skip = RowLimits.Skipped(query.Page, query.PageSize) }, ct);
        await rows.WithTagsAsync(db, ct);
        return await TagTotalAsync(db, tag, query, rows.Select(r => r.ToDto(time)).ToList(), ct);
    }

    private readonly record struct TagPageShape(bool Desc, bool Skips, int Size);

    private sealed class TagPageArgs
    {
        public string Tag { get; init; } = "";
        public int Skip { get; init; }
    }

    /// <summary>The tag page's rows, compiled once per direction, page form and size (decision 0082), read by hand (0085).</summary>
    private static readonly QueryShapes<TagPageShape, TagPageArgs, CustomerRow> TagPages = new((db, shape, args) =>
    {
        var holders = db.CustomerTags.Where(t => t.TagName == args.Tag);
        var inOrder = shape.Desc
            ? holders.OrderByDescending(t => t.CustomerCreatedAt).ThenByDescending(t => t.CustomerId)
            : holders.OrderBy(t => t.CustomerCreatedAt).ThenBy(t => t.CustomerId);
        var pageIds = inOrder.Select(t => t.CustomerId).Page(shape.Skips, shape.Size, () => args.Skip, () => shape.Size);
        return Sort(db.Customers.AsNoTracking().Where(c => pageIds.Contains(c.Id)), CustomerOrder.CreatedAt, shape.Desc).Select(CustomerRow.Projection);
    },
    reader: CustomerRow.Reader);

    /// <summary>An admin's tag-only total: exact, from the tag counters (decision 0083).</summary>
    private Task<Paged<CustomerDto>> TagTotalAsync(CrmDbContext db, string tag, CustomerQuery query, List<CustomerDto> items, CancellationToken ct) =>
        countCap.PageAsync(c => TagCounts.HoldersAsync(db, tag, c), query.Page, query.PageSize, items, ct);

    /// <summary>
    /// A keyword's or a rare tag's page and total on PostgreSQL from one visit of the matches (decisions 0060, 0069,
    /// <see cref="CountCap.IdsPageAsync"/>): their ids in list order, up to the cap + 1, then the page's rows by id. The planner cannot tell how many rows a
    /// keyword's trigrams match together (it multiplies their frequencies: 95 expected for `szhc`, 5,233 at 1M), so the
    /// page and the count each visited every match in the heap; a rare tag's page of 20 it expected to fill soonest by
    /// walking the sort order, which took 116 ms at 1M. Asked for up to the cap, it starts from the matches instead; the
    /// total is the number of ids, exact up to the cap (as <see cref="CountCap"/> counts). A rare tag's ids are all read
    /// when the page lies past the cap or the exact total is asked for.
    /// </summary>
    private Task<Paged<CustomerDto>> SortedIdsPageAsync(CrmDbContext db, IQueryable<Customer> matches, CustomerQuery query, CancellationToken ct) =>
        countCap.IdsPageAsync<CustomerDto>(
            Sort(matches, query.OrderBy, query.OrderDesc).Select(c => c.Id),
            query.Page,
            query.PageSize,
            query.ExactTotal,
            async (pageIds, c) =>
            {
                var rows = await Sort(db.Customers.AsNoTracking().Where(r => pageIds.Contains(r.Id)), query.OrderBy, query.OrderDesc)
                    .Select(CustomerRow.Projection)
                    .ToListAsync(c);
                await rows.WithTagsAsync(db, c);
                return rows.Select(r => r.ToDto(time)).ToList();
            },
            ct);

    /// <summary>The list's filters: the keyword's candidates, <see cref="CustomerList.Narrow"/>'s filters, then each tag.</summary>
    /// <param name="page">How far the page reads in its sort order; <see cref="PageReach.Everything"/> for an export.</param>
    internal static async Task<Filtered<Customer>> FilterAsync(
        CrmDbContext db, Actor actor, CustomerQuery query, DateTime nowUtc, BusinessTime time, SearchTuning tuning, PageReach page, CancellationToken ct)
    {
        var customers = Filtered<Customer>.Every(db.Customers.AsNoTracking());
        if (Text.Clean(query.Keyword) is { } keyword)
        {
            customers = await CustomerSearch.ApplyAsync(db, customers, keyword, tuning, page, ct);
        }

        customers = CustomerList.Narrow(customers, db, CustomerList.ShapeOf(actor, query, planOnce: false), CustomerList.ArgsOf(actor, query, nowUtc, time));
        foreach (var tag in query.Tags.Select(Text.Clean).OfType<string>().Distinct())
        {
            customers = await WithTagAsync(db, customers, tag, tuning, page, ct);
        }

        return customers;
    }

    /// <summary>The page of a list without keyword or tag, from its compiled shape.</summary>
    private static Task<List<CustomerRow>> ShapedPageAsync(CrmDbContext db, Actor actor, CustomerQuery query, DateTime nowUtc, BusinessTime time, CancellationToken ct) =>
        Pages.ToListAsync(db, CustomerList.ShapeOf(actor, query, PlanOnce(db, query)), CustomerList.ArgsOf(actor, query, nowUtc, time), ct);

    /// <summary>
    /// The page of a list without keyword or tag, compiled once per <see cref="CustomerListShape"/> (decision 0082): EF
    /// otherwise walked, hashed and compared the composed query on every call to find it in its cache. Its statement is
    /// read by hand (decision 0085).
    /// </summary>
    private static readonly QueryShapes<CustomerListShape, CustomerListArgs, CustomerRow> Pages = new((db, shape, args) =>
        Sort(CustomerList.Narrow(Filtered<Customer>.Every(db.Customers.AsNoTracking()), db, shape, args).Rows, shape.Order, shape.Desc)
            .Page(shape.Skips, shape.InlinedSize, () => args.Skip, () => args.Take)
            .Select(CustomerRow.Projection),
        reader: CustomerRow.Reader);

    /// <summary>
    /// Whether the page's best plan is the same for any value of its filters, so its size goes into the SQL and
    /// PostgreSQL plans it once (decision 0068): owner, grade, status and any sort; on PostgreSQL also common tags,
    /// whose plan is the ordered scan for any of them (a rare one is read another way, <see cref="WithTagAsync"/>). SQLite's tag pages keep the parameter:
    /// their two forms were measured with it, and a constant limit enters SQLite's cost estimates.
    /// </summary>
    private static bool PlanOnce(CrmDbContext db, CustomerQuery query) =>
        CustomerCounts.CanCount(query with { Tags = [] }) && (db.IsPostgres || CustomerCounts.CanCount(query));

    /// <summary>
    /// Customers carrying the tag. A tag on few customers (at most <see cref="SearchTuning.SelectiveTag"/>, as counted
    /// up to a minute ago) is read from the tag index and sorted; a common one is found by scanning in sort order, which
    /// stops at the page (decision 0069). On SQLite, whose planner cannot tell them apart, the two are two SQL forms and
    /// the count always walks the tag index and stops at the cap; on PostgreSQL a rare tag's page comes from its sorted
    /// ids (<see cref="Filtered{T}.Few"/>), a common one's is planned once. A rare tag's page on SQLite is found like a
    /// selective keyword's (decision 0073): its holders are looked up and sorted, or, when they lie close enough to the
    /// start of the sort order, it walks the order testing each row against them (`集团总部`'s 1,000 at 1M: 9 → 4.5 ms).
    /// </summary>
    private static async Task<Filtered<Customer>> WithTagAsync(
        CrmDbContext db, Filtered<Customer> customers, string tag, SearchTuning tuning, PageReach page, CancellationToken ct)
    {
        var tagged = customers.Where(c => db.CustomerTags.Any(t => t.CustomerId == c.Id && t.TagName == tag));
        var holders = db.CustomerTags.Where(t => t.TagName == tag);
        var few = await tuning.IsFewAsync(tag, c => holders.Take(tuning.SelectiveTag + 1).CountAsync(c), ct);
        if (db.IsPostgres)
        {
            return tagged with { Few = tagged.Few || few };
        }

        var counted = holders.Join(customers.Counted, t => t.CustomerId, c => c.Id, (_, c) => c);
        if (!few)
        {
            return tagged with { Counted = counted };
        }

        var holderIds = holders.Select(t => t.CustomerId);
        if (page.Spread != MatchSpread.Clustered)
        {
            var ids = await holderIds.OrderBy(id => id).ToListAsync(ct);
            var tableRows = await IdRange<Customer>.Max(db, ct) ?? 0;
            if (TrigramSearch.ScanInOrder(ids, page, tableRows, tuning.OrderedScanFactor))
            {
                // "id + 0" keeps SQLite from looking the holders up by id: it walks the sort order's index instead.
                return new Filtered<Customer>(customers.Rows.Where(c => holderIds.Contains(c.Id + 0)), counted);
            }
        }

        return new Filtered<Customer>(customers.Rows.Where(c => holderIds.Contains(c.Id)), counted);
    }

    /// <summary>
    /// How a sort order lies against a keyword's matches: creation order follows the ids; names and codes are the searched
    /// text itself (a code prefix's matches were all created on one day); the others the text does not decide.
    /// </summary>
    internal static MatchSpread SpreadOf(CustomerOrder order, bool desc) => order switch
    {
        CustomerOrder.CreatedAt => desc ? MatchSpread.IdsDescending : MatchSpread.IdsAscending,
        CustomerOrder.Name or CustomerOrder.CustomerCode => MatchSpread.Clustered,
        _ => MatchSpread.Even,
    };

    /// <summary>Ties are broken by id in the same direction; a missing value sorts as the smallest (SPEC §4.1).</summary>
    internal static IOrderedQueryable<Customer> Sort(IQueryable<Customer> customers, CustomerOrder order, bool desc) => order switch
    {
        CustomerOrder.LastFollowUpAt => desc
            ? customers.OrderByDescending(c => c.LastFollowUpSort).ThenByDescending(c => c.Id)
            : customers.OrderBy(c => c.LastFollowUpSort).ThenBy(c => c.Id),
        CustomerOrder.UpdatedAt => desc
            ? customers.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            : customers.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id),
        CustomerOrder.Name => desc
            ? customers.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id)
            : customers.OrderBy(c => c.Name).ThenBy(c => c.Id),
        CustomerOrder.CustomerCode => desc
            ? customers.OrderByDescending(c => c.CustomerCode).ThenByDescending(c => c.Id)
            : customers.OrderBy(c => c.CustomerCode).ThenBy(c => c.Id),
        CustomerOrder.AnnualRevenue => desc
            ? customers.OrderByDescending(c => c.AnnualRevenueSort).ThenByDescending(c => c.Id)
            : customers.OrderBy(c => c.AnnualRevenueSort).ThenBy(c => c.Id),
        _ => desc
            ? customers.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            : customers.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
    };
}
