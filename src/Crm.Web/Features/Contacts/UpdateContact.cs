using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Partial update of a contact (only the fields sent change). Making it primary clears the customer's
/// previous primary contact in the same transaction. Also serves POST /contacts/{id}/set-primary.
/// </summary>
public sealed class UpdateContact(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public static ContactInput SetPrimary { get; } = new() { IsPrimary = Optional<bool?>.Of(true) };

    public Task<ContactDto> HandleAsync(Actor actor, long id, ContactInput input, CancellationToken ct) =>
        DbRetry.WhenRaceLostAsync(() => TryOnceAsync(actor, id, input, ct), PrimaryContact.IsRace);

    private async Task<ContactDto> TryOnceAsync(Actor actor, long id, ContactInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customerId = await db.Contacts.VisibleTo(actor).Where(c => c.Id == id).Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.ContactNotFound);
        if (input.MakesPrimary)
        {
            // Lock before loading the contact: a hand-over committed while we waited is then already visible.
            await db.LockCustomerAsync(customerId, ct);
        }

        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException(Messages.ContactNotFound);

        var errors = new ValidationErrors();
        ContactFields.Apply(contact, input, creating: false, time.Today(now), errors);
        errors.ThrowIfAny();
        contact.SearchText = ContactSearch.TextOf(contact.Name, contact.Mobile, contact.Email, await db.Customers.Where(c => c.Id == customerId).Select(c => c.Name).FirstAsync(ct));

        if (input.MakesPrimary)
        {
            await PrimaryContact.ClearOthersAsync(db, customerId, contact.Id, now.UtcDateTime, ct);
        }

        contact.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);

        // Read inside the transaction: the answer shows the record as this request left it, even if a
        // colleague changes it the moment the lock is released.
        var saved = await db.ReadDtoAsync(actor, id, time, ct);
        await transaction.CommitAsync(ct);
        return saved;
    }
}
