using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>
/// Deletes a customer with its contacts and tags (SPEC §3.5). Follow-up records are business history:
/// they keep a snapshot of the customer's name and code and lose only the link.
/// </summary>
public sealed class DeleteCustomer(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await db.Customers.VisibleTo(actor).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException(Messages.CustomerNotFound);

        await db.FollowUps.Where(f => f.CustomerId == id).ExecuteUpdateAsync(
            s => s.SetProperty(f => f.CustomerNameSnapshot, customer.Name)
                  .SetProperty(f => f.CustomerCodeSnapshot, customer.CustomerCode)
                  .SetProperty(f => f.CustomerId, (long?)null),
            ct);
        // Tracked, so that the audit trail keeps the customer's last snapshot; contacts and tags go by the cascade.
        db.Customers.Remove(customer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A colleague changed or deleted it meanwhile: nothing is deleted; the user looks again.
            throw new ConflictException(Messages.VersionConflict);
        }

        await transaction.CommitAsync(ct);
    }
}
