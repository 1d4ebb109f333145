using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>
/// Partial update: only fields that are set change; the grade is re-evaluated; a stale version is 409
/// and changes nothing. Without a version the update applies (retrying if a colleague saved meanwhile).
/// A new owner is applied at once by an admin; from the owning salesperson it becomes a pending transfer
/// request (SPEC §4.1) while the other fields apply.
/// </summary>
public sealed class UpdateCustomer(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<CustomerDto> HandleAsync(Actor actor, long id, CustomerInput input, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(actor, id, input, ct);
            }
            catch (DbUpdateConcurrencyException) when (input.Version is null && attempt < 3)
            {
                // Someone saved between our read and write; without a version the caller asked to apply anyway.
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException(Messages.VersionConflict);
            }
            catch (DbUpdateException ex) when (TransferRequests.IsSecondPending(ex))
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await TransferRequests.EnsureNonePendingAsync(db, id, ct);
                throw;
            }
        }
    }

    private async Task<CustomerDto> TryOnceAsync(Actor actor, long id, CustomerInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await db.Customers.VisibleTo(actor).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException(Messages.CustomerNotFound);

        if (input.Version is { } version && version != customer.Version)
        {
            throw new ConflictException(Messages.VersionConflict);
        }

        var errors = new ValidationErrors();
        CustomerFields.KeepCode(customer, input, errors);

        var now = clock.GetUtcNow();
        var formerName = customer.Name;
        CustomerFields.Apply(customer, input, creating: false, time.Today(now), errors);
        var reason = input.TransferReason.IsSet ? TransferRules.Reason(input.TransferReason.Value, required: false, errors) : null;
        var newOwner = CustomerOwners.RequestedChange(input.SalesOwnerId, customer.SalesOwnerId, errors);
        var change = newOwner is { } to ? Permissions.OwnerChangeOf(actor, customer.SalesOwnerId, to) : OwnerChange.Keep;
        switch (change)
        {
            case OwnerChange.Apply:
                await CustomerOwners.CheckActiveAsync(db, newOwner!.Value, errors, ct);
                break;
            case OwnerChange.Request:
                await TransferRequests.CheckTargetAsync(db, newOwner!.Value, customer.SalesOwnerId, "sales_owner_id", errors, ct);
                break;
            case OwnerChange.Forbidden:
                throw new ForbiddenException(Messages.OwnerMustBeSelf);
        }

        errors.ThrowIfAny();

        if (customer.Name != formerName)
        {
            // Contact search matches the customer's name (saved in the same transaction as the rename).
            await ContactSearch.CustomerRenamedAsync(db, customer.Id, customer.Name, ct);
        }

        TransferRequest? pending = null;
        if (change == OwnerChange.Request)
        {
            pending = await TransferRequests.AddPendingAsync(db, actor, customer, newOwner!.Value, reason, now.UtcDateTime, ct);
        }
        else if (change == OwnerChange.Apply)
        {
            await TransferRequests.CancelPendingAsync(db, db.Customers.Where(c => c.Id == id), actor.UserId, now.UtcDateTime, ct);
            customer.SalesOwnerId = newOwner!.Value;
        }

        customer.Version++;
        customer.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (pending is not null)
        {
            await TransferRequests.RecordRequestedAsync(db, pending, ct);
        }

        await transaction.CommitAsync(ct);

        // The reader sees its own result even when it just gave the customer away (admins always can).
        var reader = Permissions.MaySee(actor, customer.SalesOwnerId) ? actor : actor with { Role = UserRole.Admin };
        var saved = await db.ReadDtoAsync(reader, id, time, ct);
        return pending is null ? saved : saved with { PendingTransfer = await TransferRequests.ReadDtoAsync(db, pending.Id, time, ct) };
    }
}
