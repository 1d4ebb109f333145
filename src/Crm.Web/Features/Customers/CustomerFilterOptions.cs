using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

public sealed record CustomerFilterOptionsDto(IReadOnlyList<string> Industries, IReadOnlyList<string> Tags);

/// <summary>
/// The values the customer list offers in its 行业 and 标签 filters: those in use among the customers the caller
/// may see (distinct, read from the indexes), so a salesperson never learns another's industries or tags.
/// </summary>
public sealed class CustomerFilterOptions(IDbContextFactory<CrmDbContext> dbFactory)
{
    public const int MaxValues = 200;

    public async Task<CustomerFilterOptionsDto> HandleAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.Customers.AsNoTracking().VisibleTo(actor);

        var industries = await visible
            .Where(c => c.Industry != null)
            .Select(c => c.Industry!)
            .Distinct()
            .OrderBy(i => i)
            .Take(MaxValues)
            .ToListAsync(ct);

        var tags = actor.IsAdmin ? db.CustomerTags.AsNoTracking() : db.CustomerTags.AsNoTracking().Where(t => t.Customer!.SalesOwnerId == actor.UserId);
        var tagNames = await tags
            .Select(t => t.TagName)
            .Distinct()
            .OrderBy(t => t)
            .Take(MaxValues)
            .ToListAsync(ct);

        return new CustomerFilterOptionsDto(industries, tagNames);
    }
}
