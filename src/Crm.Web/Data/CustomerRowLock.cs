namespace Crm.Web.Data;

public static class CustomerRowLock
{
    /// <summary>
    /// Serialises changes that depend on the state of all of a customer's children (who is the primary
    /// contact, which follow-up is the latest). Call inside a transaction, before reading that state.
    /// PostgreSQL: locks the customer row until the transaction ends; NO KEY UPDATE does not block
    /// inserts of other contacts, tags or follow-ups (their foreign-key checks take KEY SHARE).
    /// SQLite: nothing to do, a write transaction (BEGIN IMMEDIATE) already excludes every other writer.
    /// </summary>
    public static async Task LockCustomerAsync(this CrmDbContext db, long customerId, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await RawSql.ExecuteAsync(db, "SELECT id FROM customers WHERE id = @id FOR NO KEY UPDATE", ct, ("@id", customerId));
        }
    }
}
