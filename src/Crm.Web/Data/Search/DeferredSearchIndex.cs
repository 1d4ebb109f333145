using System.Globalization;

namespace Crm.Web.Data.Search;

/// <summary>
/// SQLite, inside one bulk write's transaction (an import): the customers' FTS5 search index is filled once for all
/// the new rows at the end instead of by its insert trigger row by row. Each statement after a trigger-filled insert
/// makes FTS5 flush the terms it holds, and with the index's segments merging as they come that cost the 100,000-row
/// import ~14 s; one INSERT … SELECT at the end writes the same entries in a few seconds (decision 0062).
/// <para>
/// The trigger is dropped inside the transaction and created again from its own stored SQL before the commit. No
/// other connection can insert a customer meanwhile (SQLite has one writer; the import's transaction holds the write
/// lock from its start) nor sees the trigger missing (readers see the schema as last committed), and a rollback or a
/// crash puts the trigger back with everything else. PostgreSQL has no trigger (its GIN index is the table's own).
/// </para>
/// </summary>
public sealed class DeferredSearchIndex
{
    private const string Trigger = "customers_search_insert";

    /// <summary>FTS5's own default for the terms it holds in memory before writing a segment.</summary>
    private const int DefaultHashBytes = 1024 * 1024;

    /// <summary>The fill's: 16 MB.</summary>
    private const int FillHashBytes = 16 * 1024 * 1024;

    private readonly string _triggerSql;
    private readonly long _lastIdBefore;

    private DeferredSearchIndex(string triggerSql, long lastIdBefore)
    {
        _triggerSql = triggerSql;
        _lastIdBefore = lastIdBefore;
    }

    /// <summary>Stops the trigger for the rest of the transaction; null on PostgreSQL. Needs the write transaction.</summary>
    public static async Task<DeferredSearchIndex?> BeginAsync(CrmDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            return null;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The search index is deferred inside the bulk write's transaction only.");
        }

        var sql = await RawSql.ScalarAsync(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = @name", ct, ("@name", Trigger)) as string
            ?? throw new InvalidOperationException($"Trigger {Trigger} is missing.");

        // Customer ids come from AUTOINCREMENT: every row this transaction inserts gets an id above today's largest.
        var lastId = Convert.ToInt64(await RawSql.ScalarAsync(db, "SELECT coalesce(max(id), 0) FROM customers", ct), CultureInfo.InvariantCulture);
        await RawSql.ExecuteAsync(db, $"DROP TRIGGER {Trigger}", ct);
        return new DeferredSearchIndex(sql, lastId);
    }

    /// <summary>Indexes every customer inserted since <see cref="BeginAsync"/> and puts the trigger back.</summary>
    public async Task CompleteAsync(CrmDbContext db, CancellationToken ct)
    {
        // FTS5 writes its pending terms out as a new segment whenever they pass its hash size (1 MB by default), and
        // merges the segments as they pile up: with a larger one for this statement the index is written in fewer,
        // larger segments. The setting is the index's own (stored in the transaction): the default is put back after.
        await SetHashSizeAsync(db, FillHashBytes, ct);
        await RawSql.ExecuteAsync(db, "INSERT INTO customer_search (rowid, search_text) SELECT id, search_text FROM customers WHERE id > @last", ct, ("@last", _lastIdBefore));
        await SetHashSizeAsync(db, DefaultHashBytes, ct);
        await RawSql.ExecuteAsync(db, _triggerSql, ct);
    }

    private static Task<int> SetHashSizeAsync(CrmDbContext db, int bytes, CancellationToken ct) =>
        RawSql.ExecuteAsync(db, "INSERT INTO customer_search (customer_search, rank) VALUES ('hashsize', @bytes)", ct, ("@bytes", bytes));
}
