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

        var contacts = new List<ContactDto>();
        await foreach (var row in OfCustomer(db, customerId).WithCancellation(ct))
        {
            contacts.Add(row.ToDto(time));
        }

        return contacts;
    }

    /// <summary>Compiled once (decision 0065): the detail page asks it on every visit.</summary>
    private static readonly Func<CrmDbContext, long, IAsyncEnumerable<ContactRow>> OfCustomer =
        EF.CompileAsyncQuery((CrmDbContext db, long customerId) =>
            db.Contacts.AsNoTracking()
                .Where(c => c.CustomerId == customerId)
                .OrderByDescending(c => c.IsPrimary)
                .ThenByDescending(c => c.CreatedAt)
                .ThenByDescending(c => c.Id)
                .Select(ContactReads.WithName));
}
