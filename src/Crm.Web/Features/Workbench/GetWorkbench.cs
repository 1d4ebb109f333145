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

    /// <summary>
    /// The five customer panels are eight index range reads (a quiet panel is two). They go to the database as one
    /// statement, each read with its capped count: one round trip instead of up to sixteen (decision 0076), compiled once
    /// for a whole team's book and once for one salesperson's (decision 0081).
    /// </summary>
    private static readonly PanelLayout[] Layout =
    [
        new(1, rows => rows.OrderBy(r => r.NextFollowUpAt).ThenBy(r => r.Id)),

        // The most recently slipped first: those are still warm; the long-lost stay countable below them.
        new(1, rows => rows.OrderByDescending(r => r.NextFollowUpAt).ThenByDescending(r => r.Id)),
        .. QuietDays.Select(_ => new PanelLayout(2, rows => rows.OrderBy(r => r.LastFollowUpAt ?? r.CreatedAt).ThenBy(r => r.Id))),
    ];

    private static readonly QueryShape<PanelArgs, PanelRow> TeamPanels = new((db, args) => Panels(db, args, db.Customers.AsNoTracking()));

    private static readonly QueryShape<PanelArgs, PanelRow> OwnerPanels =
        new((db, args) => Panels(db, args, db.Customers.AsNoTracking().Where(c => c.SalesOwnerId == args.OwnerId)));

    public async Task<WorkbenchDto> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = time.Today(now);
        var startOf = (DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), time.Zone);
        var (todayStart, tomorrowStart) = time.DayBoundsUtc(now.UtcDateTime);

        // Quiet for at least N days: the business date of the last follow-up (or creation) is today − N or earlier.
        var quietBefore = QuietDays.Select(days => startOf(today.AddDays(1 - days))).ToArray();

        await using var db = await dbFactory.OpenDbContextAsync(ct);

        var book = BookOf.For(actor, salesOwnerId);
        var rows = book.Nobody
            ? []
            : await (book.Owner is null ? TeamPanels : OwnerPanels).ToListAsync(
                db,
                new PanelArgs
                {
                    OwnerId = book.Owner ?? 0,
                    TodayStart = todayStart,
                    TomorrowStart = tomorrowStart,
                    Quiet30 = quietBefore[0],
                    Quiet60 = quietBefore[1],
                    Quiet90 = quietBefore[2],
                    FollowedUp60 = Later(quietBefore[1], FollowedUpFloor),
                    FollowedUp90 = Later(quietBefore[2], FollowedUpFloor),
                },
                ct);
        var read = rows.ToLookup(r => r.Range);
        var panels = new List<WorkbenchPanel>();
        var firstRange = 0;
        foreach (var layout in Layout)
        {
            var mine = Enumerable.Range(firstRange, layout.Ranges).ToList();
            firstRange += layout.Ranges;
            panels.Add(Panel(layout, mine.SelectMany(i => read[i]), mine.Sum(i => read[i].FirstOrDefault()?.Count ?? 0)));
        }

        var birthdayPage = await birthdays.HandleAsync(
            actor, new BirthdayQuery { Days = BirthdayDays, Page = 1, PageSize = ItemsPerPanel, SalesOwnerId = salesOwnerId, CountLimit = CountLimit }, ct);
        var counts = await stats.HandleAsync(actor, salesOwnerId, ct);
        var recent = (await RecentChangesAsync(db, actor, book, ct)).Select(r => r.ToDto(time)).ToList();

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

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>
    /// The ranges of <see cref="Layout"/>, in its order, over <paramref name="book"/>. Every bound is read from
    /// <paramref name="args"/> inside the lambdas, so the compiled statement takes them as parameters
    /// (<see cref="QueryShape{TArgs, TResult}"/>). Due today and overdue are <see cref="FollowUpDueRange"/>'s ranges. A
    /// quiet panel is quiet since [lower, upper): customers followed up in that range (index on owner,
    /// last_follow_up_sort) and customers never followed up created in it (a partial index over them alone); the longest
    /// quiet has no lower bound.
    /// </summary>
    private static IQueryable<PanelRow> Panels(CrmDbContext db, PanelArgs args, IQueryable<Customer> book)
    {
        PanelRange[] ranges =
        [
            new(book.Where(FollowUpDueRange.Of(FollowUpDue.Today, args)), q => q.OrderBy(c => c.NextFollowUpAt).ThenBy(c => c.Id)),
            new(book.Where(FollowUpDueRange.Of(FollowUpDue.Overdue, args)), q => q.OrderByDescending(c => c.NextFollowUpAt).ThenByDescending(c => c.Id)),
            Followed(book.Where(c => c.LastFollowUpSort >= args.FollowedUp60 && c.LastFollowUpSort < args.Quiet30)),
            Never(book.Where(c => c.LastFollowUpAt == null && c.CreatedAt < args.Quiet30 && c.CreatedAt >= args.Quiet60)),
            Followed(book.Where(c => c.LastFollowUpSort >= args.FollowedUp90 && c.LastFollowUpSort < args.Quiet60)),
            Never(book.Where(c => c.LastFollowUpAt == null && c.CreatedAt < args.Quiet60 && c.CreatedAt >= args.Quiet90)),
            Followed(book.Where(c => c.LastFollowUpSort >= FollowedUpFloor && c.LastFollowUpSort < args.Quiet90)),
            Never(book.Where(c => c.LastFollowUpAt == null && c.CreatedAt < args.Quiet90)),
        ];

        return ranges.Select((range, index) => range.Read(db, index)).Aggregate((all, next) => all.Concat(next));

        static PanelRange Followed(IQueryable<Customer> customers) => new(customers, q => q.OrderBy(c => c.LastFollowUpSort).ThenBy(c => c.Id));

        static PanelRange Never(IQueryable<Customer> customers) => new(customers, q => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id));
    }

    /// <summary>The panel's first items from its ranges' rows; its count is theirs, each read up to the limit + 1, capped.</summary>
    private WorkbenchPanel Panel(PanelLayout layout, IEnumerable<PanelRow> rows, long count) =>
        new(Math.Min(count, CountLimit), count > CountLimit, layout.Sort(rows).Take(ItemsPerPanel).Select(ToItem).ToList());

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
    /// (actor_id, at) or (at, id) index. Each of the three is compiled once (decision 0081).
    /// </summary>
    private static Task<List<AuditRow>> RecentChangesAsync(CrmDbContext db, Actor actor, BookOf book, CancellationToken ct) =>
        book switch
        {
            { Nobody: true } => Task.FromResult(new List<AuditRow>()),
            { Owner: { } authorId } when !Permissions.SeesEverything(actor) => OwnChanges.ToListAsync(db, new ChangeArgs { AuthorId = authorId }, ct),
            { Owner: { } authorId } => AuthorChanges.ToListAsync(db, new ChangeArgs { AuthorId = authorId }, ct),
            _ => TeamChanges.ToListAsync(db, new ChangeArgs(), ct),
        };

    private static readonly QueryShape<ChangeArgs, AuditRow> TeamChanges = new((db, _) => Changes(db, db.AuditEntries.AsNoTracking()));

    private static readonly QueryShape<ChangeArgs, AuditRow> AuthorChanges =
        new((db, args) => Changes(db, db.AuditEntries.AsNoTracking().Where(a => a.ActorId == args.AuthorId)));

    // A salesperson's own changes, on customers they still own.
    private static readonly QueryShape<ChangeArgs, AuditRow> OwnChanges = new((db, args) => Changes(
        db,
        db.AuditEntries.AsNoTracking()
            .Where(a => a.ActorId == args.AuthorId)
            .Where(a => db.Customers.Any(c => c.Id == a.CustomerId && c.SalesOwnerId == args.AuthorId))));

    private static IQueryable<AuditRow> Changes(CrmDbContext db, IQueryable<AuditEntry> entries) =>
        entries.Where(a => a.CustomerId != null).AsRows(db).Page(1, ItemsPerPanel);

    /// <summary>A panel: how many of the statement's ranges its customers come from and the order it shows them in.</summary>
    private sealed record PanelLayout(int Ranges, Func<IEnumerable<PanelRow>, IOrderedEnumerable<PanelRow>> Sort);

    /// <summary>
    /// Whose customers the 工作台 shows, by <see cref="CustomerVisibility.VisibleTo(IQueryable{Customer}, Actor)"/>'s rule:
    /// a salesperson's own; an admin's whole team (no owner) or the one salesperson picked; nobody's when a salesperson
    /// picks another. The panels and the recent changes both go by it.
    /// </summary>
    private readonly record struct BookOf(long? Owner, bool Nobody)
    {
        public static BookOf For(Actor actor, long? salesOwnerId) =>
            Permissions.SeesEverything(actor) ? new(salesOwnerId, false)
            : salesOwnerId is { } picked && picked != actor.UserId ? new(null, true)
            : new(actor.UserId, false);
    }

    /// <summary>Whose changes the 工作台 shows (unless a whole team's).</summary>
    private sealed class ChangeArgs
    {
        public long AuthorId { get; init; }
    }

    /// <summary>What a 工作台 statement is asked with: the book's owner (unless a whole team) and the panels' bounds.</summary>
    private sealed class PanelArgs : TodayBounds
    {
        public long OwnerId { get; init; }
        public DateTime Quiet30 { get; init; }
        public DateTime Quiet60 { get; init; }
        public DateTime Quiet90 { get; init; }
        public DateTime FollowedUp60 { get; init; }
        public DateTime FollowedUp90 { get; init; }
    }

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
