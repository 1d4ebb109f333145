using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>
/// Exact customer counts read from customer_counters (decision 0016): a few rows per owner instead of a scan of
/// the customers, for any question that is only about owner, status and grade.
/// </summary>
internal static class CustomerCounts
{
    /// <summary>True when every filter of the list is a key column of the counters, so the total can be read from them.</summary>
    public static bool CanCount(CustomerQuery query) =>
        Text.Clean(query.Keyword) is null
        && Text.Clean(query.Industry) is null
        && query.Tags.All(t => Text.Clean(t) is null)
        && query.NotFollowedDays is null
        && query.Due is null
        && query.OwnerActive is null;

    /// <summary>
    /// The tag when one tag is all that narrows the list of a caller who sees every customer, else null. Then the tag's
    /// rows are the list's customers: one row per customer and tag (a unique index), deleted with the customer (a
    /// cascading foreign key), so the capped count walks the tag index alone instead of looking up each customer.
    /// </summary>
    public static string? OnlyTag(Actor actor, CustomerQuery query)
    {
        var tags = query.Tags.Select(Text.Clean).OfType<string>().Distinct().ToList();
        return tags.Count == 1
            && Permissions.SeesEverything(actor)
            && Text.Clean(query.Keyword) is null
            && Text.Clean(query.Industry) is null
            && query.Levels.Count == 0
            && query.Statuses.Count == 0
            && query.SalesOwnerId is null
            && query.OwnerActive is null
            && query.NotFollowedDays is null
            && query.Due is null
            ? tags[0]
            : null;
    }

    /// <summary>The exact number of customers the list shows; only for a query that <see cref="CanCount"/>.</summary>
    public static Task<long> CountAsync(CrmDbContext db, Actor actor, CustomerQuery query, CancellationToken ct)
    {
        if (query.Levels.Count <= 1 && query.Statuses.Count <= 1)
        {
            return SumAsync(
                db,
                Permissions.SeesEverything(actor) ? null : actor.UserId,
                query.SalesOwnerId,
                query.Levels.Count == 1 ? EnumText<CustomerLevel>.Name(query.Levels[0]) : null,
                query.Statuses.Count == 1 ? EnumText<CustomerStatus>.Name(query.Statuses[0]) : null,
                ct);
        }

        var counters = db.CustomerCounters.AsNoTracking().VisibleTo(actor);
        if (query.SalesOwnerId is { } ownerId)
        {
            counters = counters.Where(c => c.SalesOwnerId == ownerId);
        }

        // One grade or status by equality, as the list filters it (decision 0065).
        if (query.Levels is [var level])
        {
            counters = counters.Where(c => c.CustomerLevel == level);
        }
        else if (query.Levels.Count > 0)
        {
            var levels = query.Levels.ToList();
            counters = counters.Where(c => levels.Contains(c.CustomerLevel));
        }

        if (query.Statuses is [var status])
        {
            var key = EnumText<CustomerStatus>.Name(status);
            counters = counters.Where(c => c.StatusKey == key);
        }
        else if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.Select(EnumText<CustomerStatus>.Name).ToList();
            counters = counters.Where(c => statuses.Contains(c.StatusKey));
        }

        return counters.SumAsync(c => c.Customers, ct);
    }

    /// <summary>
    /// The total for at most one grade and one status, the most asked. Written by hand (decision 0085): one fixed
    /// statement per set of filters present, each an equality on the counters' key (decision 0065), read without EF's
    /// command and materializer, which cost more than the statement.
    /// </summary>
    private static async Task<long> SumAsync(CrmDbContext db, long? visibleOwner, long? ownerId, string? level, string? statusKey, CancellationToken ct)
    {
        (string Name, object? Value)[] filters = [("@visible", visibleOwner), ("@owner", ownerId), ("@level", level), ("@status", statusKey)];
        var present = filters.Select((f, i) => f.Value is null ? 0 : 1 << i).Sum();
        var total = await RawSql.ScalarAsync(
            db, SumSql[present], ct, [.. filters.Where(f => f.Value is not null).Select(f => (f.Name, f.Value!))]);
        return Convert.ToInt64(total, CultureInfo.InvariantCulture);
    }

    /// <summary>The sum's statement for each set of filters present (bit i: the i-th of visible owner, owner, grade, status).</summary>
    private static readonly string[] SumSql = [.. Enumerable.Range(0, 16).Select(present =>
    {
        string[] conditions = ["sales_owner_id = @visible", "sales_owner_id = @owner", "customer_level = @level", "status_key = @status"];
        var where = string.Join(" AND ", conditions.Where((_, i) => (present & (1 << i)) != 0));
        return "SELECT coalesce(sum(customers), 0) FROM customer_counters" + (where.Length == 0 ? "" : " WHERE " + where);
    })];
}
