using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>Global contact search: keyword over name, mobile and e-mail, optionally within one customer.</summary>
public sealed record ContactQuery
{
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
    public string? Keyword { get; init; }
    public long? CustomerId { get; init; }

    /// <summary>Parses query parameters strictly: a bad value is a 400, never silently replaced (SPEC §4.1).</summary>
    public static ContactQuery Parse(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        var result = new ContactQuery
        {
            Page = QueryValues.Int(query, "page", 1, int.MaxValue, () => Messages.PageInvalid, errors) ?? 1,
            PageSize = QueryValues.Int(query, "page_size", 1, CustomerQuery.MaxPageSize, () => Messages.PageSizeInvalid, errors) ?? 20,
            Keyword = QueryValues.Single(query, "keyword"),
            CustomerId = QueryValues.Long(query, "customer_id", errors),
        };
        errors.ThrowIfAny();
        return result;
    }

    /// <summary>Which contacts the search holds, whatever its page: keyword, customer and whose contacts the actor sees.</summary>
    public string RowsKey(Actor actor) => string.Join(
        '\u001f',
        "contacts",
        actor.IsAdmin ? "*" : actor.UserId.ToString(CultureInfo.InvariantCulture),
        Text.Clean(Keyword),
        CustomerId);
}

/// <summary>
/// Paged in the database, newest first, total capped (decision 0008); scoped like every list (SPEC §3.6). On
/// PostgreSQL a keyword that the sample does not find on more contacts than the cap takes its page and total from one
/// read of its matches' ids, as the customer list does; one it finds on more is tested row by row (decision 0075).
/// </summary>
public sealed class SearchContacts(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time, CountCap countCap, SearchTuning tuning, CountEstimate estimates)
{
    public async Task<Paged<ContactDto>> HandleAsync(Actor actor, ContactQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.OpenDbContextAsync(ct);
        var rowsNeeded = (long)query.Page * query.PageSize;
        var filtered = await FilterAsync(db, actor, query, tuning, new PageReach(rowsNeeded, MatchSpread.IdsDescending), ct);
        var keyword = Text.Clean(query.Keyword) is not null;
        var dense = db.IsPostgres && keyword && await estimates.AboveAsync(db, filtered, countCap.Value, query.RowsKey(actor), ct) is not null;
        if (db.IsPostgres && keyword && !dense && rowsNeeded <= countCap.Value)
        {
            return await countCap.IdsPageAsync<ContactDto>(
                Newest(filtered.Rows).Select(c => c.Id),
                query.Page,
                query.PageSize,
                exactTotal: false,
                async (pageIds, c) => (await Newest(db.Contacts.AsNoTracking().Where(r => pageIds.Contains(r.Id))).WithCustomerName().ToListAsync(c))
                    .Select(r => r.ToDto(time)).ToList(),
                ct);
        }

        // More matches than the cap (PostgreSQL): at least one contact in a few hundred matches, so testing each row
        // newest first fills the page, and reaches the cap, sooner than the trigram index's bitmap of every match
        // (`138` at 1M: 1.1 s for the bitmap's count).
        var rows = await Newest(dense ? filtered.RowByRow : filtered.Rows)
            .Page(query.Page, query.PageSize, planOnce: !keyword)
            .WithCustomerName()
            .ToListAsync(ct);
        Func<CancellationToken, Task<long>>? exactCount = filtered.Matches is { } matches ? _ => Task.FromResult(matches) : null;
        return await countCap.PageAsync(dense ? filtered.RowByRow : filtered.Counted, query.Page, query.PageSize, rows.Select(r => r.ToDto(time)).ToList(), exactCount, ct);
    }

    private static IOrderedQueryable<Contact> Newest(IQueryable<Contact> contacts) =>
        contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);

    /// <summary>The list's scope and filters (the export uses them too): newest first is the caller's to add.</summary>
    /// <param name="page">How far the page reads, newest first; <see cref="PageReach.Everything"/> for an export.</param>
    internal static async Task<Filtered<Contact>> FilterAsync(CrmDbContext db, Actor actor, ContactQuery query, SearchTuning tuning, PageReach page, CancellationToken ct)
    {
        var filtered = Filtered<Contact>.Every(db.Contacts.AsNoTracking());
        if (Text.Clean(query.Keyword) is { } keyword)
        {
            // Same rule as the customer list (decision 0007): exact substring, narrowed by the trigram index.
            filtered = await TrigramSearch.ApplyAsync(db, filtered, keyword, "contact_search", tuning, page, ct);
        }

        filtered = filtered.Narrow(c => c.VisibleTo(actor));
        if (query.CustomerId is { } customerId)
        {
            // Another owner's customer simply yields nothing, as a filter on the customer list does.
            filtered = filtered.Where(c => c.CustomerId == customerId);
        }

        return filtered;
    }
}
