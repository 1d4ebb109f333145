using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>
/// Logs a follow-up on a customer in the caller's scope and moves the customer's 最后跟进时间 in the same
/// transaction, without touching the customer's version (a colleague logging a call never causes a 409).
/// </summary>
public sealed class CreateFollowUp(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<FollowUpDto> HandleAsync(Actor actor, long customerId, FollowUpInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockCustomerAsync(customerId, ct);
        var customer = await db.Customers.VisibleTo(actor)
            .Where(c => c.Id == customerId)
            .Select(c => new { c.Name, c.CustomerCode })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.CustomerNotFound);

        var record = new FollowUp
        {
            CustomerId = customerId,
            CustomerNameSnapshot = customer.Name,
            CustomerCodeSnapshot = customer.CustomerCode,
            Method = string.Empty,
            Content = string.Empty,
            CreatedById = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var errors = new ValidationErrors();
        await FollowUpFields.ApplyAsync(db, record, input, creating: true, now, errors, ct);
        errors.ThrowIfAny();

        db.FollowUps.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // The contact was deleted between the check and the insert.
            throw ValidationErrors.Failure("contact_id", Messages.ContactNotOfCustomer);
        }

        await db.RecomputeLastFollowUpAsync(customerId, ct);

        // Read inside the transaction: the answer shows the record as this request left it, even if a
        // colleague changes it the moment the lock is released.
        var saved = await db.ReadDtoAsync(actor, record.Id, time, ct);
        await transaction.CommitAsync(ct);
        return saved;
    }
}
