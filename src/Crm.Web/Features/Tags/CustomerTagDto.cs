using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Contacts;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>One tag on one customer (SPEC §2.3).</summary>
public sealed record CustomerTagDto(long Id, long CustomerId, string TagName, DateTimeOffset CreatedAt)
{
    public static CustomerTagDto From(CustomerTag tag, BusinessTime time) =>
        new(tag.Id, tag.CustomerId, tag.TagName, time.ToBusiness(tag.CreatedAt));
}

/// <summary>How many tag rows an operation over many customers created, removed or renamed.</summary>
public sealed record AffectedDto(int Affected);

internal static class TagNames
{
    public const int MaxPerRequest = 50;

    /// <summary>
    /// A list of tag names: every one valid or the whole request is refused (SPEC §4.1); repeated names
    /// collapse, the first spelling's position is kept.
    /// </summary>
    public static IReadOnlyList<string> Many(IReadOnlyList<string>? values, string field, ValidationErrors errors)
    {
        if (values is null || values.Count == 0)
        {
            errors.Add(field, Messages.Format("FieldRequired", Messages.Get("Label_TagNames")));
            return [];
        }

        var names = new List<string>();
        foreach (var value in values)
        {
            var name = TagRules.Name(value, field, errors);
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        if (names.Count > MaxPerRequest)
        {
            errors.Add(field, Messages.Format("TooManyItems", Messages.Get("Label_TagNames"), MaxPerRequest.ToString(CultureInfo.InvariantCulture)));
        }

        return names;
    }
}

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
