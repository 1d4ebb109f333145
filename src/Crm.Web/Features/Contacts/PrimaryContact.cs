using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// At most one primary contact per customer (SPEC §3.3). The filtered unique index
/// ix_contacts_one_primary_per_customer guarantees it; this makes the hand-over happen in one transaction.
/// </summary>
internal static class PrimaryContact
{
    /// <summary>
    /// Clears the customer's current primary contact (other than <paramref name="exceptContactId"/>), after
    /// locking the customer row so that concurrent hand-overs take turns instead of tripping the unique index.
    /// Locking again within the same transaction is free.
    /// </summary>
    public static async Task ClearOthersAsync(CrmDbContext db, long customerId, long exceptContactId, DateTime nowUtc, CancellationToken ct)
    {
        await db.LockCustomerAsync(customerId, ct);
        await db.RecordStatementAsync(
            AuditActions.Update,
            AuditEntityTypes.Contact,
            "SELECT id AS entity_id, customer_id, @audit_changes AS changes FROM contacts WHERE customer_id = @customer AND is_primary AND id <> @except",
            new JsonObject { ["is_primary"] = AuditWriter.Change(true, false) },
            ct,
            ("@customer", customerId),
            ("@except", exceptContactId));
        await db.Contacts
            .Where(c => c.CustomerId == customerId && c.IsPrimary && c.Id != exceptContactId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPrimary, false).SetProperty(c => c.UpdatedAt, nowUtc), ct);
    }

    /// <summary>The save lost a race for the primary slot anyway; the caller retries from the start.</summary>
    public static bool IsRace(Exception exception) =>
        DbErrors.IsUniqueViolation(exception, "one_primary") || DbErrors.IsUniqueViolation(exception, "contacts.customer_id");
}
