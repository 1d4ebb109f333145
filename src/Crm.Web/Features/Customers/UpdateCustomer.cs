using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>
/// Partial update: only fields that are set change; the grade is re-evaluated; a stale version is 409
/// and changes nothing. Without a version the update applies (retrying if a colleague saved meanwhile).
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
        }
    }

    private async Task<CustomerDto> TryOnceAsync(Actor actor, long id, CustomerInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
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
        customer.SalesOwnerId = await CustomerOwners.ResolveAsync(db, actor, input.SalesOwnerId, customer.SalesOwnerId, errors, ct);
        errors.ThrowIfAny();

        if (customer.Name != formerName)
        {
            // Contact search matches the customer's name (saved in the same transaction as the rename).
            await ContactSearch.CustomerRenamedAsync(db, customer.Id, customer.Name, ct);
        }

        customer.Version++;
        customer.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);

        // The reader sees its own result even when it just gave the customer away (admins always can).
        var reader = actor.CanManage(customer.SalesOwnerId) ? actor : actor with { Role = UserRole.Admin };
        return await db.ReadDtoAsync(reader, id, time, ct);
    }
}
