using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Customers;

/// <summary>
/// What decides a customer list's SQL apart from its values (decision 0082): whose customers, which filters are present
/// (one grade or several), the sort, and the page's form. A list without keyword or tag is compiled once per shape.
/// </summary>
internal readonly record struct CustomerListShape(
    bool SeesEverything,
    int Levels,
    int Statuses,
    bool Industry,
    bool Owner,
    bool OwnerActive,
    bool NotFollowed,
    FollowUpDue? Due,
    CustomerOrder Order,
    bool Desc,
    bool Skips,
    int? InlinedSize);

/// <summary>A customer list's values, read inside its query's lambdas: a compiled shape takes them as its parameters.</summary>
internal sealed class CustomerListArgs : TodayBounds
{
    public long ActorId { get; init; }
    public CustomerLevel Level { get; init; }
    public CustomerLevel[] Levels { get; init; } = [];
    public CustomerStatus Status { get; init; }
    public CustomerStatus?[] Statuses { get; init; } = [];
    public string Industry { get; init; } = "";
    public long OwnerId { get; init; }
    public bool OwnerActive { get; init; }
    public DateTime FollowedBefore { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; }
}

/// <summary>The customer list's filters other than keyword and tags, shared by the list, its counts and the export.</summary>
internal static class CustomerList
{
    /// <summary>Whether a tag filters the list (its form is chosen per tag, decision 0069: not a shape).</summary>
    public static bool Tagged(CustomerQuery query) => query.Tags.Any(t => Text.Clean(t) is not null);

    /// <param name="planOnce">The page's size goes into the SQL (<see cref="RowLimits.Page{T}(IQueryable{T}, int, int, bool)"/>).</param>
    public static CustomerListShape ShapeOf(Actor actor, CustomerQuery query, bool planOnce) => new(
        Permissions.SeesEverything(actor),
        Math.Min(query.Levels.Count, 2),
        Math.Min(query.Statuses.Count, 2),
        Text.Clean(query.Industry) is not null,
        query.SalesOwnerId is not null,
        query.OwnerActive is not null,
        query.NotFollowedDays is not null,
        query.Due,
        query.OrderBy,
        query.OrderDesc,
        query.Page > 1,
        planOnce ? query.PageSize : null);

    public static CustomerListArgs ArgsOf(Actor actor, CustomerQuery query, DateTime nowUtc, BusinessTime time)
    {
        var (todayStart, tomorrowStart) = time.DayBoundsUtc(nowUtc);
        return new()
        {
            ActorId = actor.UserId,
            Level = query.Levels.Count > 0 ? query.Levels[0] : default,
            Levels = [.. query.Levels],
            Status = query.Statuses.Count > 0 ? query.Statuses[0] : default,
            Statuses = [.. query.Statuses.Select(s => (CustomerStatus?)s)],
            Industry = Text.Clean(query.Industry) ?? "",
            OwnerId = query.SalesOwnerId ?? 0,
            OwnerActive = query.OwnerActive ?? false,

            // The sort key of a never-followed customer is the minimum date, so it is always included.
            FollowedBefore = query.NotFollowedDays is { } days ? nowUtc.AddDays(-days) : default,
            TodayStart = todayStart,
            TomorrowStart = tomorrowStart,
            Skip = RowLimits.Skipped(query.Page, query.PageSize),
            Take = query.PageSize,
        };
    }

    /// <summary>
    /// The filters <paramref name="shape"/> has, each reading its value from <paramref name="args"/> inside its lambda.
    /// A new one that is not a key of the counters must make CustomerCounts.CanCount false.
    /// </summary>
    public static Filtered<Customer> Narrow(Filtered<Customer> customers, CrmDbContext db, CustomerListShape shape, CustomerListArgs args)
    {
        // CustomerVisibility.VisibleTo's rule, the user an argument.
        if (!shape.SeesEverything)
        {
            customers = customers.Where(c => c.SalesOwnerId == args.ActorId);
        }

        // One grade or status (the list's usual filter) as a plain equality: a list parameter hid the value from
        // PostgreSQL's generic plan and, for the nullable status, added an OR that no index serves (decision 0065).
        customers = shape.Levels switch
        {
            0 => customers,
            1 => customers.Where(c => c.CustomerLevel == args.Level),
            _ => customers.Where(c => args.Levels.Contains(c.CustomerLevel)),
        };
        customers = shape.Statuses switch
        {
            0 => customers,
            1 => customers.Where(c => c.Status == args.Status),
            _ => customers.Where(c => args.Statuses.Contains(c.Status)),
        };

        if (shape.Industry)
        {
            customers = customers.Where(c => c.Industry == args.Industry);
        }

        if (shape.Owner)
        {
            customers = customers.Where(c => c.SalesOwnerId == args.OwnerId);
        }

        if (shape.OwnerActive)
        {
            customers = customers.Where(c => db.Users.Any(u => u.Id == c.SalesOwnerId && u.IsActive == args.OwnerActive));
        }

        if (shape.NotFollowed)
        {
            customers = customers.Where(c => c.LastFollowUpSort < args.FollowedBefore);
        }

        return shape.Due is { } due ? customers.Where(FollowUpDueRange.Of(due, args)) : customers;
    }
}
