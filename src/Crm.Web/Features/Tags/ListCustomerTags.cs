using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>A customer's tags in the order they were added.</summary>
public sealed class ListCustomerTags(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<IReadOnlyList<CustomerTagDto>> HandleAsync(Actor actor, long customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var tags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == customerId).OrderBy(t => t.Id).ToListAsync(ct);
        return tags.Select(t => CustomerTagDto.From(t, time)).ToList();
    }
}
