using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data;

/// <summary>
/// A larger SQLite page cache for one bulk change (decision 0059). A connection caches 2 MB of pages by default; a
/// transaction that touches more spills its dirty pages into the WAL while it runs and rewrites them there, which is
/// most of the time of a bulk move: 100,000 customers with their 300,000 contacts took 9.4 s with the default cache
/// and 4.8 s with 64 MB (sqlite3 on the bench file). The connection is pooled, so the default is put back afterwards.
/// PostgreSQL has its shared buffers: nothing to do there.
/// <para>
/// The change's commit also leaves the WAL as it is (decision 0063): by default the committing connection copies the
/// whole WAL back into the database file before the commit returns (SQLite's automatic checkpoint), 1–2 s after a
/// 100,000-row import that the user waited for. The commit is durable once the WAL is synced; the copy runs after it
/// on another connection, without blocking readers or writers (a passive checkpoint).
/// </para>
/// </summary>
public sealed class BulkCache : IAsyncDisposable
{
    /// <summary>A reassignment or an import's undo: 64 MB.</summary>
    public const int BulkMegabytes = 64;

    /// <summary>
    /// An import's write pass: 8 MB. The 100,000-row bench import took 23.2 s with 16 MB and 26.4 s with 32 MB
    /// (decision 0062); once the search index fill had its own 16 MB (decision 0063), 8 MB was as fast as 16 (14.9 s /
    /// 15.6 s, within the machine's run-to-run spread) and leaves the memory to the fill.
    /// </summary>
    public const int ImportMegabytes = 8;

    private readonly CrmDbContext? _db;
    private readonly long _previous;
    private readonly long _previousCheckpoint;

    private BulkCache(CrmDbContext? db, long previous, long previousCheckpoint)
    {
        _db = db;
        _previous = previous;
        _previousCheckpoint = previousCheckpoint;
    }

    /// <summary>Opens the connection (it stays open for the change's transaction) and enlarges its cache until disposed.</summary>
    public static async Task<BulkCache> EnlargeAsync(CrmDbContext db, CancellationToken ct, int megabytes = BulkMegabytes)
    {
        if (db.IsPostgres)
        {
            return new BulkCache(null, 0, 0);
        }

        await db.Database.OpenConnectionAsync(ct);
        var previous = Convert.ToInt64(await RawSql.ScalarAsync(db, "PRAGMA cache_size", ct), CultureInfo.InvariantCulture);
        // SQLite's negative-means-KiB form.
        await RawSql.ExecuteAsync(db, "PRAGMA cache_size = " + (-megabytes * 1024).ToString(CultureInfo.InvariantCulture), ct);
        var checkpoint = Convert.ToInt64(await RawSql.ScalarAsync(db, "PRAGMA wal_autocheckpoint", ct), CultureInfo.InvariantCulture);
        await RawSql.ExecuteAsync(db, "PRAGMA wal_autocheckpoint = 0", ct);
        return new BulkCache(db, previous, checkpoint);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null)
        {
            return;
        }

        // The change is over (committed or rolled back); the pooled connection goes back with the usual cache. A
        // connection that cannot even do that is broken: closing it is all that is left (its error is the change's).
        try
        {
            await RawSql.ExecuteAsync(_db, "PRAGMA cache_size = " + _previous.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
            await RawSql.ExecuteAsync(_db, "PRAGMA wal_autocheckpoint = " + _previousCheckpoint.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
        }

        var connectionString = _db.Database.GetConnectionString();
        _ = Task.Run(() => CheckpointAsync(connectionString));
    }

    /// <summary>
    /// Copies the WAL into the database file as far as no reader still needs it. A checkpoint that cannot run (the file
    /// went away, another checkpoint is busy) costs nothing: the next commit's automatic one does the work.
    /// </summary>
    private static async Task CheckpointAsync(string? connectionString)
    {
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await command.ExecuteNonQueryAsync();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
        }
    }
}
