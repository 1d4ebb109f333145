using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>Adds a contact to a customer in the caller's scope; a new primary contact replaces the old one.</summary>
public sealed class CreateContact(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<ContactDto> HandleAsync(Actor actor, long customerId, ContactInput input, CancellationToken ct)
    {
        try
        {
            return await DbRetry.WhenRaceLostAsync(() => TryOnceAsync(actor, customerId, input, ct), PrimaryContact.IsRace);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // The customer was deleted between our check and the insert.
            throw new NotFoundException(Messages.CustomerNotFound);
        }
    }

    private async Task<ContactDto> TryOnceAsync(Actor actor, long customerId, ContactInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var contact = new Contact
        {
            CustomerId = customerId,
            Name = string.Empty,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        var errors = new ValidationErrors();
        ContactFields.Apply(contact, input, creating: true, time.Today(now), errors);
        errors.ThrowIfAny();
        contact.SearchText = ContactSearch.TextOf(contact.Name, contact.Mobile, contact.Email, await db.Customers.Where(c => c.Id == customerId).Select(c => c.Name).FirstAsync(ct));

        if (contact.IsPrimary)
        {
            await PrimaryContact.ClearOthersAsync(db, customerId, exceptContactId: 0, now.UtcDateTime, ct);
        }

        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);

        // Read inside the transaction: the answer shows the record as this request left it, even if a
        // colleague changes it the moment the lock is released.
        var saved = await db.ReadDtoAsync(actor, contact.Id, time, ct);
        await transaction.CommitAsync(ct);
        return saved;
    }
}
