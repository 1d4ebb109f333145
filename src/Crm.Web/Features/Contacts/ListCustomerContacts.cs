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
        var contacts = new List<ContactDto>();
        await foreach (var row in OfCustomer(db, customerId, Permissions.SeesEverything(actor) ? null : actor.UserId).WithCancellation(ct))
        {
            contacts.Add(row.ToDto(time));
        }

        // Contacts found are the visible customer's; none found is either a customer without contacts or a 404.
        if (contacts.Count == 0)
        {
            await db.EnsureVisibleAsync(actor, customerId, ct);
        }

        return contacts;
    }

    /// <summary>Compiled once, the visibility rule inside (decision 0065): the detail page asks it on every visit.</summary>
    private static readonly Func<CrmDbContext, long, long?, IAsyncEnumerable<ContactRow>> OfCustomer =
        EF.CompileAsyncQuery((CrmDbContext db, long customerId, long? visibleOwner) =>
            db.Contacts.AsNoTracking()
                .Where(c => c.CustomerId == customerId && (visibleOwner == null || c.Customer!.SalesOwnerId == visibleOwner))
                .OrderByDescending(c => c.IsPrimary)
                .ThenByDescending(c => c.CreatedAt)
                .ThenByDescending(c => c.Id)
                .Select(ContactReads.WithName));
}
