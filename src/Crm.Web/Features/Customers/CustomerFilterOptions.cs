using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

public sealed record CustomerFilterOptionsDto(IReadOnlyList<string> Industries);

/// <summary>
/// The industries the customer list offers in its 行业 filter (and the form as suggestions): those in use among the
/// customers the caller may see (distinct, read from the index), so a salesperson never learns another's.
/// Tag names come from the tags feature's TagCatalogue.
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

        return new CustomerFilterOptionsDto(industries);
    }
}
