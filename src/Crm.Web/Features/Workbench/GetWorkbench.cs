using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Audit;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workbench;

/// <summary>
/// The 工作台 of the caller's book (a salesperson's own customers; an admin's whole team, or one salesperson with
/// <c>salesOwnerId</c>). Every figure is an index range read, stopped at <see cref="CountLimit"/>, or a sum of the
/// customer counters — never a scan of the book (decision 0052 has the plans). Days are business-zone days.
/// </summary>
public sealed class GetWorkbench(
    IDbContextFactory<CrmDbContext> dbFactory,
    TimeProvider clock,
    BusinessTime time,
    CustomerStats stats,
    ContactBirthdays birthdays)
{
    public const int ItemsPerPanel = 10;

    /// <summary>Counts stop here ("1000+"): a list longer than that is a backlog, and counting further costs a scan.</summary>
    public const int CountLimit = 1000;

    /// <summary>The quiet panels: customers whose last follow-up (or creation, if never followed up) is this many days back.</summary>
    public static readonly int[] QuietDays = [30, 60, 90];

    /// <summary>The birthday panel: today and the next six days.</summary>
    public const int BirthdayDays = 6;

    // last_follow_up_sort of a customer never followed up is 0001-01-01; anything later was really followed up.
    private static readonly DateTime FollowedUpFloor = new(1, 1, 1, 0, 0, 1, DateTimeKind.Utc);

    public async Task<WorkbenchDto> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = time.Today(now);
        var startOf = (DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), time.Zone);

        // Quiet for at least N days: the business date of the last follow-up (or creation) is today − N or earlier.
        var quietBefore = QuietDays.Select(days => startOf(today.AddDays(1 - days))).ToArray();

        await using var db = await dbFactory.OpenDbContextAsync(ct);
        var book = Book(db, actor, salesOwnerId);

        var dueToday = await PanelAsync(
            book.Where(FollowUpDueRange.Of(FollowUpDue.Today, time, now.UtcDateTime)),
            q => q.OrderBy(c => c.NextFollowUpAt).ThenBy(c => c.Id), db, ct);

        // The most recently slipped first: those are still warm; the long-lost stay countable below them.
        var overdue = await PanelAsync(
            book.Where(FollowUpDueRange.Of(FollowUpDue.Overdue, time, now.UtcDateTime)),
            q => q.OrderByDescending(c => c.NextFollowUpAt).ThenByDescending(c => c.Id), db, ct);

        var quiet = new List<WorkbenchPanel>();
        for (var i = 0; i < QuietDays.Length; i++)
        {
            var upper = quietBefore[i];
            DateTime? lower = i + 1 < QuietDays.Length ? quietBefore[i + 1] : null;
            quiet.Add(await QuietPanelAsync(db, book, lower, upper, ct));
        }

        var birthdayPage = await birthdays.HandleAsync(
            actor, new BirthdayQuery { Days = BirthdayDays, Page = 1, PageSize = ItemsPerPanel, SalesOwnerId = salesOwnerId, CountLimit = CountLimit }, ct);
        var counts = await stats.HandleAsync(actor, salesOwnerId, ct);
        var recent = await RecentChangesAsync(db, actor, salesOwnerId, ct);

        return new WorkbenchDto(
            today,
            salesOwnerId,
            dueToday,
            overdue,
            quiet[0],
            quiet[1],
            quiet[2],
            new WorkbenchBirthdays(birthdayPage.Total, birthdayPage.TotalCapped, birthdayPage.Items),
            counts,
            recent);
    }

    /// <summary>The customers the actor sees, narrowed to one salesperson when asked (a salesperson naming another sees nothing).</summary>
    private static IQueryable<Customer> Book(CrmDbContext db, Actor actor, long? salesOwnerId)
    {
        var book = db.Customers.AsNoTracking().VisibleTo(actor);
        return salesOwnerId is { } ownerId ? book.Where(c => c.SalesOwnerId == ownerId) : book;
    }

    private async Task<WorkbenchPanel> PanelAsync(
        IQueryable<Customer> filtered, Func<IQueryable<Customer>, IOrderedQueryable<Customer>> order, CrmDbContext db, CancellationToken ct)
    {
        var rows = await Rows(order(filtered).Take(ItemsPerPanel), db).ToListAsync(ct);
        var (count, capped) = await CountAsync(filtered, rows.Count, ct);
        return new WorkbenchPanel(count, capped, rows.Select(ToItem).ToList());
    }

    /// <summary>
    /// Quiet since [lower, upper): customers followed up in that range (index on owner, last_follow_up_sort) and customers
    /// never followed up created in it (a partial index over them alone). Longest quiet first.
    /// </summary>
    private async Task<WorkbenchPanel> QuietPanelAsync(CrmDbContext db, IQueryable<Customer> book, DateTime? lower, DateTime upper, CancellationToken ct)
    {
        var floor = lower is { } l && l > FollowedUpFloor ? l : FollowedUpFloor;
        var followed = book.Where(c => c.LastFollowUpSort >= floor && c.LastFollowUpSort < upper);
        var never = book.Where(c => c.LastFollowUpAt == null && c.CreatedAt < upper);
        if (lower is { } from)
        {
            never = never.Where(c => c.CreatedAt >= from);
        }

        var followedRows = await Rows(followed.OrderBy(c => c.LastFollowUpSort).ThenBy(c => c.Id).Take(ItemsPerPanel), db).ToListAsync(ct);
        var neverRows = await Rows(never.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(ItemsPerPanel), db).ToListAsync(ct);
        var items = followedRows.Concat(neverRows)
            .OrderBy(r => r.LastFollowUpAt ?? r.CreatedAt).ThenBy(r => r.Id)
            .Take(ItemsPerPanel)
            .Select(ToItem)
            .ToList();

        var (followedCount, followedCapped) = await CountAsync(followed, followedRows.Count, ct);
        var (neverCount, neverCapped) = await CountAsync(never, neverRows.Count, ct);
        var total = followedCount + neverCount;
        return new WorkbenchPanel(Math.Min(total, CountLimit), followedCapped || neverCapped || total > CountLimit, items);
    }

    /// <summary>A short list needs no count; a longer one is counted up to the limit, never further.</summary>
    private static async Task<(long Count, bool Capped)> CountAsync(IQueryable<Customer> filtered, int shown, CancellationToken ct)
    {
        if (shown < ItemsPerPanel)
        {
            return (shown, false);
        }

        var counted = await filtered.Select(c => c.Id).Take(CountLimit + 1).CountAsync(ct);
        return counted > CountLimit ? (CountLimit, true) : (counted, false);
    }

    private static IQueryable<PanelRow> Rows(IQueryable<Customer> customers, CrmDbContext db) =>
        customers.Select(c => new PanelRow(
            c.Id,
            c.Name,
            c.CustomerCode,
            c.Status,
            c.CustomerLevel,
            c.SalesOwnerId,
            db.Users.Where(u => u.Id == c.SalesOwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            c.LastFollowUpAt,
            c.NextFollowUpAt,
            c.CreatedAt));

    private WorkbenchCustomer ToItem(PanelRow r) => new(
        r.Id,
        r.Name,
        r.CustomerCode,
        r.Status is { } status ? EnumText<CustomerStatus>.Name(status) : null,
        EnumText<CustomerLevel>.Name(r.CustomerLevel),
        r.SalesOwnerId,
        r.SalesOwnerName,
        r.LastFollowUpAt is { } last ? time.ToBusiness(last) : null,
        r.NextFollowUpAt is { } next ? time.ToBusiness(next) : null,
        time.ToBusiness(r.CreatedAt));

    /// <summary>
    /// The latest changes to customers (and what hangs off them) made by the salesperson — the actor, or the one an admin
    /// picked; everyone's for an admin's whole team — on customers the actor still sees. Newest first, from the
    /// (actor_id, at) or (at, id) index.
    /// </summary>
    private async Task<IReadOnlyList<AuditEntryDto>> RecentChangesAsync(CrmDbContext db, Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        if (!Permissions.SeesEverything(actor) && salesOwnerId is { } named && named != actor.UserId)
        {
            return [];
        }

        var author = salesOwnerId ?? (Permissions.SeesEverything(actor) ? null : actor.UserId);
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.CustomerId != null);
        if (author is { } authorId)
        {
            entries = entries.Where(a => a.ActorId == authorId);
        }

        if (!Permissions.SeesEverything(actor))
        {
            entries = entries.Where(a => db.Customers.Any(c => c.Id == a.CustomerId && c.SalesOwnerId == actor.UserId));
        }

        var rows = await entries.AsRows(db).Take(ItemsPerPanel).ToListAsync(ct);
        return rows.Select(r => r.ToDto(time)).ToList();
    }

    private sealed record PanelRow(
        long Id,
        string Name,
        string CustomerCode,
        CustomerStatus? Status,
        CustomerLevel CustomerLevel,
        long SalesOwnerId,
        string? SalesOwnerName,
        DateTime? LastFollowUpAt,
        DateTime? NextFollowUpAt,
        DateTime CreatedAt);
}
