using System.Globalization;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Microsoft.Data.Sqlite;

namespace Crm.Web.Features.Backups;

/// <summary>
/// SQLite: SQLite's online backup API copies the live database page by page inside one read transaction, so the copy
/// is one consistent snapshot while the app keeps writing (WAL lets writers go on); never a plain file copy. The row
/// counts of every table are read inside that same transaction, and the copy must show the same counts and pass
/// PRAGMA integrity_check before it is kept (<see cref="IntegrityProblems"/>: table by table on parallel connections).
/// </summary>
public sealed class SqliteBackupEngine(string connectionString) : IBackupEngine
{
    private static readonly string[] UserDataTables = ["customers", "contacts", "customer_tags", "follow_ups"];

    public string Name => "sqlite";

    public string Extension => ".db";

    public string? DatabaseFile { get; } = new SqliteConnectionStringBuilder(connectionString).DataSource;

    public async Task WriteVerifiedAsync(string path, CancellationToken ct)
    {
        Dictionary<string, long> expected;
        try
        {
            expected = await Task.Run(() => Copy(path), ct);
        }
        catch (SqliteException ex)
        {
            throw new BackupFailedException(ex.Message, ex);
        }

        ct.ThrowIfCancellationRequested();
        await Task.Run(() => Verify(path, expected), ct);
    }

    /// <summary>Copies inside one read transaction and returns the row counts that transaction sees.</summary>
    private Dictionary<string, long> Copy(string path)
    {
        // Its own connection, not a pooled one: it reads the whole file, memory-mapped like the check (decision 0061).
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        source.Open();
        Execute(source, MapWholeFile);
        using var snapshot = source.BeginTransaction(deferred: true);
        var counts = CountRows(source, snapshot);
        using (var destination = Open(path, SqliteOpenMode.ReadWrite))
        {
            source.BackupDatabase(destination);

            // A single self-contained file: a backup must not need a -wal file beside it.
            Execute(destination, "PRAGMA journal_mode=DELETE;");
        }

        snapshot.Commit();
        return counts;
    }

    private static void Verify(string path, Dictionary<string, long> expected)
    {
        Dictionary<string, long> actual;
        using (var copy = OpenForReading(path))
        {
            actual = CountRows(copy, null);
        }

        var problems = IntegrityProblems(path, actual);
        if (problems is not null)
        {
            throw new BackupFailedException(Messages.Format("BackupIntegrityFailed", problems));
        }

        foreach (var (table, count) in expected)
        {
            if (!actual.TryGetValue(table, out var copied) || copied != count)
            {
                throw new BackupFailedException(Messages.Format("BackupCountMismatch", table, count, actual.GetValueOrDefault(table)));
            }
        }
    }

    public Task ValidateAsync(string file, IReadOnlySet<string> knownMigrations, CancellationToken ct) =>
        Task.Run(() => Validate(file, knownMigrations), ct);

    private static void Validate(string file, IReadOnlySet<string> knownMigrations)
    {
        if (!File.Exists(file))
        {
            throw new BackupFileInvalidException(Messages.Format("BackupFileMissing", file));
        }

        if (!HasSqliteHeader(file))
        {
            throw new BackupFileInvalidException(Messages.Format("BackupNotOfEngine", "SQLite"));
        }

        try
        {
            using var backup = OpenForReading(file);
            var problems = IntegrityProblems(file, CountRows(backup, null));
            if (problems is not null)
            {
                throw new BackupFileInvalidException(Messages.Format("BackupIntegrityFailed", problems));
            }

            var tables = TableNames(backup, null);
            if (!tables.Contains("__EFMigrationsHistory") || !tables.Contains("customers"))
            {
                throw new BackupFileInvalidException(Messages.Get("BackupNotCrm"));
            }

            using var command = backup.CreateCommand();
            command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var migration = reader.GetString(0);
                if (!knownMigrations.Contains(migration))
                {
                    throw new BackupFileInvalidException(Messages.Format("BackupSchemaNewer", migration));
                }
            }
        }
        catch (SqliteException ex)
        {
            throw new BackupFileInvalidException(ex.Message);
        }
    }

    public Task<bool> HasDataAsync(CancellationToken ct) => Task.Run(() =>
    {
        if (DatabaseFile is null || !File.Exists(DatabaseFile) || new FileInfo(DatabaseFile).Length == 0)
        {
            return false;
        }

        using var db = Open(DatabaseFile, SqliteOpenMode.ReadWrite);
        var tables = TableNames(db, null);
        foreach (var table in UserDataTables.Where(tables.Contains))
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"{table}\")";
            if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0)
            {
                return true;
            }
        }

        return false;
    }, ct);

    /// <summary>The backup API in the other direction: the database's pages are replaced in one write transaction.</summary>
    public Task RestoreAsync(string file, CancellationToken ct) => Task.Run(() =>
    {
        using (var backup = Open(file, SqliteOpenMode.ReadOnly))
        using (var database = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString()))
        {
            database.Open();

            // The backup API takes the database's write lock itself, without the retry Microsoft.Data.Sqlite gives its
            // commands: while another connection writes (an instance still running, its start-up work), wait for it
            // as every statement does instead of failing at once with "database is locked".
            Execute(database, "PRAGMA busy_timeout = " + (database.DefaultTimeout * 1000).ToString(CultureInfo.InvariantCulture));
            backup.BackupDatabase(database);
        }

        KeptSqliteConnection.ClearPools();
    }, ct);

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static bool HasSqliteHeader(string file)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && header.SequenceEqual("SQLite format 3\0"u8);
    }

    /// <summary>
    /// A read-only connection for checking a whole file: memory-mapped (<see cref="MapWholeFile"/>), so the check reads
    /// pages in place instead of copying each through a 2 MB page cache (decision 0061).
    /// </summary>
    private static SqliteConnection OpenForReading(string path)
    {
        var connection = Open(path, SqliteOpenMode.ReadOnly);
        Execute(connection, MapWholeFile);
        return connection;
    }

    /// <summary>
    /// Reads by memory mapping (up to SQLite's 2 GB cap; larger files read the rest through the page cache), with a
    /// 64 MB page cache for what is not mapped.
    /// </summary>
    private const string MapWholeFile = "PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -65536;";

    /// <summary>
    /// Null when PRAGMA integrity_check answers ok for every table, else the first findings. The check runs as
    /// PRAGMA integrity_check(table) — the table's b-tree, each of its indexes against its rows, an FTS5 table's own
    /// check — for every table of the schema (sqlite_schema, shadow and virtual tables included), dearest first, on
    /// up to <see cref="CheckConnections"/> connections at once: the whole file is checked, in about half the time on
    /// two cores (decision 0061).
    /// </summary>
    private static string? IntegrityProblems(string path, Dictionary<string, long> rowCounts)
    {
        // Each table with its number of indexes (an FTS5 table: none; it is weighed by its documents, one per row of
        // its docsize shadow table), so the dearest checks start first and the connections end close together.
        var tables = new List<(string Name, long Indexes)> { ("sqlite_schema", 0) };
        using (var connection = OpenForReading(path))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT t.name, (SELECT count(*) FROM sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = t.name)
                FROM sqlite_schema t WHERE t.type = 'table'
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        long Cost((string Name, long Indexes) table) =>
            rowCounts.TryGetValue(table.Name, out var rows) ? rows * (1 + table.Indexes) : rowCounts.GetValueOrDefault(table.Name + "_docsize") * 4;

        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(
            tables.OrderByDescending(Cost).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name));
        var findings = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Math.Min(CheckConnections, tables.Count), new ParallelOptions { MaxDegreeOfParallelism = CheckConnections }, _ =>
        {
            using var connection = OpenForReading(path);
            while (findings.IsEmpty && queue.TryDequeue(out var table))
            {
                try
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = $"PRAGMA integrity_check(\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\")";
                    using var reader = command.ExecuteReader();
                    var lines = new List<string>();
                    while (reader.Read() && lines.Count < 10)
                    {
                        lines.Add(reader.GetString(0));
                    }

                    if (lines is not ["ok"])
                    {
                        findings.Add(string.Join("; ", lines));
                    }
                }
                catch (SqliteException ex)
                {
                    // A page too broken to read (e.g. "database disk image is malformed") is a finding like any other.
                    findings.Add(ex.Message);
                }
            }
        });

        return findings.IsEmpty ? null : string.Join("; ", findings.Order(StringComparer.Ordinal));
    }

    /// <summary>Connections checking one file at once: every core, at most 4 (a backup is I/O and CPU of its own).</summary>
    private static int CheckConnections => Math.Clamp(Environment.ProcessorCount, 1, 4);

    private static HashSet<string> TableNames(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Tables with pages of their own: a virtual (FTS5) table has none (root page 0); its shadow tables are counted.
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static Dictionary<string, long> CountRows(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in TableNames(connection, transaction))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            counts[table] = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
