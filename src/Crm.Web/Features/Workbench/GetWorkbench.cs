using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Audit;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
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

        // The five customer panels are eight index range reads (a quiet panel is two). They go to the database as one
        // statement, each read with its capped count: one round trip instead of up to sixteen (decision 0076).
        var dueToday = new PanelSpec(
            rows => rows.OrderBy(r => r.NextFollowUpAt).ThenBy(r => r.Id),
            new PanelRange(book.Where(FollowUpDueRange.Of(FollowUpDue.Today, time, now.UtcDateTime)), q => q.OrderBy(c => c.NextFollowUpAt).ThenBy(c => c.Id)));
        // The most recently slipped first: those are still warm; the long-lost stay countable below them.
        var overdue = new PanelSpec(
            rows => rows.OrderByDescending(r => r.NextFollowUpAt).ThenByDescending(r => r.Id),
            new PanelRange(book.Where(FollowUpDueRange.Of(FollowUpDue.Overdue, time, now.UtcDateTime)), q => q.OrderByDescending(c => c.NextFollowUpAt).ThenByDescending(c => c.Id)));
        PanelSpec[] specs =
        [
            dueToday,
            overdue,
            .. QuietDays.Select((_, i) => Quiet(book, i + 1 < QuietDays.Length ? quietBefore[i + 1] : null, quietBefore[i])),
        ];

        var ranges = specs.SelectMany(spec => spec.Ranges).ToList();
        var read = (await ranges
                .Select((range, index) => range.Read(db, index))
                .Aggregate((all, next) => all.Concat(next))
                .ToListAsync(ct))
            .ToLookup(r => r.Range);
        var panels = new List<WorkbenchPanel>();
        var firstRange = 0;
        foreach (var spec in specs)
        {
            var mine = Enumerable.Range(firstRange, spec.Ranges.Length).ToList();
            firstRange += spec.Ranges.Length;
            panels.Add(Panel(spec, mine.SelectMany(i => read[i]), mine.Sum(i => read[i].FirstOrDefault()?.Count ?? 0)));
        }

        var birthdayPage = await birthdays.HandleAsync(
            actor, new BirthdayQuery { Days = BirthdayDays, Page = 1, PageSize = ItemsPerPanel, SalesOwnerId = salesOwnerId, CountLimit = CountLimit }, ct);
        var counts = await stats.HandleAsync(actor, salesOwnerId, ct);
        var recent = await RecentChangesAsync(db, actor, salesOwnerId, ct);

        return new WorkbenchDto(
            today,
            salesOwnerId,
            panels[0],
            panels[1],
            panels[2],
            panels[3],
            panels[4],
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

    /// <summary>
    /// Quiet since [lower, upper): customers followed up in that range (index on owner, last_follow_up_sort) and customers
    /// never followed up created in it (a partial index over them alone). Longest quiet first.
    /// </summary>
    private static PanelSpec Quiet(IQueryable<Customer> book, DateTime? lower, DateTime upper)
    {
        var floor = lower is { } l && l > FollowedUpFloor ? l : FollowedUpFloor;
        var never = book.Where(c => c.LastFollowUpAt == null && c.CreatedAt < upper);
        if (lower is { } from)
        {
            never = never.Where(c => c.CreatedAt >= from);
        }

        return new PanelSpec(
            rows => rows.OrderBy(r => r.LastFollowUpAt ?? r.CreatedAt).ThenBy(r => r.Id),
            new PanelRange(book.Where(c => c.LastFollowUpSort >= floor && c.LastFollowUpSort < upper), q => q.OrderBy(c => c.LastFollowUpSort).ThenBy(c => c.Id)),
            new PanelRange(never, q => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)));
    }

    /// <summary>The panel's first items from its ranges' rows; its count is theirs, each read up to the limit + 1, capped.</summary>
    private WorkbenchPanel Panel(PanelSpec spec, IEnumerable<PanelRow> rows, long count) =>
        new(Math.Min(count, CountLimit), count > CountLimit, spec.Sort(rows).Take(ItemsPerPanel).Select(ToItem).ToList());

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

        var rows = await entries.AsRows(db).Page(1, ItemsPerPanel).ToListAsync(ct);
        return rows.Select(r => r.ToDto(time)).ToList();
    }

    /// <summary>A panel: the index ranges its customers come from and the order it shows them in.</summary>
    private sealed record PanelSpec(Func<IEnumerable<PanelRow>, IOrderedEnumerable<PanelRow>> Sort, params PanelRange[] Ranges);

    /// <summary>
    /// One index range read: its first <see cref="ItemsPerPanel"/> customers in index order. The limits are in the SQL
    /// text, so PostgreSQL plans the whole statement once per connection instead of on every call (1.6–2 ms).
    /// </summary>
    private sealed record PanelRange(IQueryable<Customer> Customers, Func<IQueryable<Customer>, IOrderedQueryable<Customer>> Order)
    {
        /// <summary>
        /// The range's rows, each tagged with the range and carrying its count up to <see cref="CountLimit"/> + 1 (one
        /// subquery the database runs once). A range with no row has no count to carry: it counts 0.
        /// </summary>
        public IQueryable<PanelRow> Read(CrmDbContext db, int range)
        {
            var counted = Customers.Select(c => c.Id).Take(CountLimit + 1);
            return Order(Customers).Page(1, ItemsPerPanel).Select(c => new PanelRow
            {
                Range = range,
                Count = counted.Count(),
                Id = c.Id,
                Name = c.Name,
                CustomerCode = c.CustomerCode,
                Status = c.Status,
                CustomerLevel = c.CustomerLevel,
                SalesOwnerId = c.SalesOwnerId,
                SalesOwnerName = db.Users.Where(u => u.Id == c.SalesOwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                LastFollowUpAt = c.LastFollowUpAt,
                NextFollowUpAt = c.NextFollowUpAt,
                CreatedAt = c.CreatedAt,
            });
        }
    }

    private sealed class PanelRow
    {
        public int Range { get; init; }
        public int Count { get; init; }
        public long Id { get; init; }
        public required string Name { get; init; }
        public required string CustomerCode { get; init; }
        public CustomerStatus? Status { get; init; }
        public CustomerLevel CustomerLevel { get; init; }
        public long SalesOwnerId { get; init; }
        public string? SalesOwnerName { get; init; }
        public DateTime? LastFollowUpAt { get; init; }
        public DateTime? NextFollowUpAt { get; init; }
        public DateTime CreatedAt { get; init; }
    }
}
