using System.Globalization;
using Crm.Domain.Resources;
using Microsoft.Data.Sqlite;

namespace Crm.Web.Features.Backups;

/// <summary>
/// SQLite: SQLite's online backup API copies the live database page by page inside one read transaction, so the copy
/// is one consistent snapshot while the app keeps writing (WAL lets writers go on); never a plain file copy. The row
/// counts of every table are read inside that same transaction, and the copy must show the same counts and pass
/// PRAGMA integrity_check before it is kept.
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
        using var source = new SqliteConnection(connectionString);
        source.Open();
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
        using var copy = Open(path, SqliteOpenMode.ReadOnly);
        var problems = IntegrityProblems(copy);
        if (problems is not null)
        {
            throw new BackupFailedException(Messages.Format("BackupIntegrityFailed", problems));
        }

        var actual = CountRows(copy, null);
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
            using var backup = Open(file, SqliteOpenMode.ReadOnly);
            var problems = IntegrityProblems(backup);
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
            backup.BackupDatabase(database);
        }

        SqliteConnection.ClearAllPools();
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

    /// <summary>Null when PRAGMA integrity_check answers ok, else its first findings.</summary>
    private static string? IntegrityProblems(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check(10)";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return lines is ["ok"] ? null : string.Join("; ", lines);
    }

    private static HashSet<string> TableNames(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
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
