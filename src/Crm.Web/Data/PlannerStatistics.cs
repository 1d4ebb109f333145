using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data;

/// <summary>
/// Fresh planner statistics after a bulk change (decision 0057). PostgreSQL plans from statistics that autovacuum
/// refreshes only after its next pass: right after an import of 100,000 customers the planner still believed the
/// tables small and chose nested loops over <c>customer_tags</c>, and the export that followed ran into the command
/// timeout (503). SQLite keeps no statistics here (no <c>sqlite_stat1</c>; its planner uses fixed estimates), so there
/// is nothing to refresh.
/// </summary>
public static partial class PlannerStatistics
{
    /// <summary>From this many written rows on, a bulk change refreshes the statistics before it reports done.</summary>
    public const int RefreshAfterRows = 2_000;

    /// <summary>The tables an import or its undo fills or empties.</summary>
    private const string BulkTables = "customers, customer_tags, contacts, audit_entries, data_import_records";

    /// <summary>
    /// ANALYZE of the bulk-filled tables once <paramref name="rows"/> reaches <see cref="RefreshAfterRows"/>. Called after
    /// the change committed: it samples the tables (~30,000 rows each) without blocking readers or writers, and a
    /// failure only costs the planner's accuracy, so it is logged and never undoes or fails the committed change.
    /// </summary>
    public static async Task RefreshAfterBulkAsync(CrmDbContext db, long rows, ILogger log, CancellationToken ct)
    {
        if (!db.IsPostgres || rows < RefreshAfterRows)
        {
            return;
        }

        try
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(2));
            await db.Database.ExecuteSqlRawAsync("ANALYZE " + BulkTables, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(log, ex, rows);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing planner statistics after a bulk change of {Rows} rows failed")]
    private static partial void LogFailed(ILogger log, Exception ex, long rows);
}
