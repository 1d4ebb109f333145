using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

/// <summary>What a client sends to transfer one customer.</summary>
public sealed record TransferInput(long? ToUserId, string? Reason);

/// <summary>Either the customer, moved at once (an admin), or the pending request (the owning salesperson).</summary>
public sealed record TransferOutcome(CustomerDto? Customer, TransferRequestDto? Request);

/// <summary>
/// POST /customers/{id}/transfer (SPEC §3.7): an admin moves the customer at once, cancelling any request that waited
/// for it; the owning salesperson opens a request an admin must approve. The receiver must be an active user other
/// than the current owner; a salesperson must give a reason.
/// </summary>
public sealed class TransferCustomer(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<TransferOutcome> HandleAsync(Actor actor, long customerId, TransferInput input, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(actor, customerId, input, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // An approval or an edit saved the customer between our read and write: decide again on fresh data.
            }
            catch (DbUpdateException ex) when (TransferRequests.IsSecondPending(ex))
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await TransferRequests.EnsureNonePendingAsync(db, customerId, ct);
                throw;
            }
        }
    }

    private async Task<TransferOutcome> TryOnceAsync(Actor actor, long customerId, TransferInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await db.Customers.VisibleTo(actor).FirstOrDefaultAsync(c => c.Id == customerId, ct)
            ?? throw new NotFoundException(Messages.CustomerNotFound);

        var errors = new ValidationErrors();
        var reason = TransferRules.Reason(input.Reason, required: !actor.IsAdmin, errors);
        var toUserId = await TransferRequests.RequiredTargetAsync(db, input.ToUserId, customer.SalesOwnerId, "to_user_id", errors, ct);
        errors.ThrowIfAny();

        switch (Permissions.OwnerChangeOf(actor, customer.SalesOwnerId, toUserId))
        {
            case OwnerChange.Apply:
                await MoveAsync(db, actor, customer, toUserId, now, ct);
                await transaction.CommitAsync(ct);
                return new TransferOutcome(await db.ReadDtoAsync(actor, customerId, time, ct), null);
            case OwnerChange.Request:
                var request = await TransferRequests.AddPendingAsync(db, actor, customer, toUserId, reason, now, ct);
                await db.SaveChangesAsync(ct);
                await TransferRequests.RecordRequestedAsync(db, request, ct);
                await transaction.CommitAsync(ct);
                return new TransferOutcome(null, await TransferRequests.ReadDtoAsync(db, request.Id, time, ct));
            default:
                throw new ForbiddenException(Messages.Forbidden);
        }
    }

    /// <summary>An admin's direct move of one tracked customer: requests that waited for it are closed first.</summary>
    internal static async Task MoveAsync(CrmDbContext db, Actor actor, Customer customer, long toUserId, DateTime nowUtc, CancellationToken ct)
    {
        await TransferRequests.CancelPendingAsync(db, db.Customers.Where(c => c.Id == customer.Id), actor.UserId, nowUtc, ct);
        customer.SalesOwnerId = toUserId;
        customer.Version++;
        customer.UpdatedAt = nowUtc;
        await db.SaveChangesAsync(ct);
    }
}
