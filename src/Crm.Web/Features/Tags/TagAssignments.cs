using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

internal static class TagAssignments
{
    /// <summary>
    /// Gives every customer every name it does not have yet, in one save; returns the rows created, per
    /// customer in the order of the names. A concurrent add of the same tag trips the unique index
    /// (customer_id, tag_name): see <see cref="IsRace"/>.
    /// </summary>
    public static async Task<List<CustomerTag>> AddMissingAsync(CrmDbContext db, IReadOnlyList<long> customerIds, IReadOnlyList<string> names, DateTime nowUtc, CancellationToken ct)
    {
        var ids = customerIds.ToList();
        var wanted = names.ToList();
        var existing = (await db.CustomerTags
                .Where(t => ids.Contains(t.CustomerId) && wanted.Contains(t.TagName))
                .Select(t => new { t.CustomerId, t.TagName })
                .ToListAsync(ct))
            .Select(t => (t.CustomerId, t.TagName))
            .ToHashSet();

        var created = (
            from id in ids
            from name in wanted
            where !existing.Contains((id, name))
            select new CustomerTag { CustomerId = id, TagName = name, CreatedAt = nowUtc }).ToList();
        db.CustomerTags.AddRange(created);
        await db.SaveChangesAsync(ct);
        return created;
    }

    public static bool IsRace(Exception exception) => DbErrors.IsUniqueViolation(exception, "customer_tags");
}
