using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Deletes a contact. Follow-up records that named it keep their content and lose only the link
/// (the foreign key sets contact_id to null). Deleting the primary contact leaves the customer without one.
/// </summary>
public sealed class DeleteContact(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var contact = await db.Contacts.VisibleTo(actor).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException(Messages.ContactNotFound);
        db.Contacts.Remove(contact);
        await db.SaveChangesAsync(ct);
    }
}
