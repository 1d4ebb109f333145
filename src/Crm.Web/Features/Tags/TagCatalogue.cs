using Crm.Domain.Tags;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>A tag name and how many of the caller's customers carry it.</summary>
public sealed record TagUsageDto(string TagName, long CustomerCount, bool IsPredefined);

/// <summary>
/// Every tag name with its customer count, scoped like every figure (SPEC §3.6). The predefined names
/// come first in their fixed order, even when no customer carries them yet, so that a picker always offers
/// them; custom names follow by count, then name (decision 0011). An admin's counts are the tag counters
/// (decision 0083); a salesperson's are counted over their own customers.
/// </summary>
public sealed class TagCatalogue(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IReadOnlyList<TagUsageDto>> HandleAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = actor.IsAdmin
            ? await TagCounts.AllAsync(db, ct)
            : await db.CustomerTags.AsNoTracking()
                .Where(t => t.Customer!.SalesOwnerId == actor.UserId)
                .GroupBy(t => t.TagName)
                .Select(g => new { Name = g.Key, Count = g.LongCount() })
                .ToDictionaryAsync(g => g.Name, g => g.Count, StringComparer.Ordinal, ct);

        var predefined = TagRules.Predefined
            .Select(name => new TagUsageDto(name, counts.GetValueOrDefault(name), IsPredefined: true));
        var custom = counts
            .Where(c => !TagRules.IsPredefined(c.Key))
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new TagUsageDto(c.Key, c.Value, IsPredefined: false));
        return predefined.Concat(custom).ToList();
    }
}
