using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>A customer's contacts: the primary contact first, then the newest first (SPEC §3.3).</summary>
public sealed class ListCustomerContacts(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<IReadOnlyList<ContactDto>> HandleAsync(Actor actor, long customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.OpenDbContextAsync(ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var rows = await db.Contacts.AsNoTracking()
            .Where(c => c.CustomerId == customerId)
            .OrderByDescending(c => c.IsPrimary)
            .ThenByDescending(c => c.CreatedAt)
            .ThenByDescending(c => c.Id)
            .WithCustomerName()
            .ToListAsync(ct);
        return rows.Select(r => r.ToDto(time)).ToList();
    }
}
