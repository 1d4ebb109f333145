using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Crm.Web.Data;

/// <summary>The database cannot take the operation now (file gone, read-only, server down); nothing was saved.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where the SQLite database lives (absolute path), registered only on SQLite.</summary>
public sealed record SqliteDatabaseFile(string Path);

/// <summary>
/// One outage, one log line: the first failure of an incident is logged with its exception, later ones are only
/// counted, and the first success afterwards (a save, a commit, a healthy check, a reconnect on PostgreSQL) closes the
/// incident with a summary. On PostgreSQL the connection pool is emptied when an outage starts, so that a restarted
/// server is reached through fresh connections instead of broken pooled ones.
/// </summary>
public sealed partial class DatabaseOutage(ILogger<DatabaseOutage> logger, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private int _failures;

    public bool IsActive => Volatile.Read(ref _failures) > 0;

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the database is unavailable rather than the request wrong.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseUnavailableException:
                    return true;
                case SqliteException sqlite when sqlite.SqliteErrorCode is
                    5 /* BUSY */ or 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */ or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */:
                    return true;
                case PostgresException pg:
                    // 08: connection exception; 57P01-03: shutting down / starting; 53: out of resources; 25006: read-only (a replica).
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("53", StringComparison.Ordinal) || pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction;
                case NpgsqlException:
                    // Not a server error: the connection could not be made or broke (refused, reset, timed out).
                    return true;
            }
        }

        return false;
    }

    /// <summary>Counts a failed operation; logs only the first of an incident.</summary>
    public void Report(Exception exception)
    {
        bool first;
        lock (_gate)
        {
            first = _failures == 0;
            _failures++;
            _since ??= clock.GetUtcNow();
        }

        if (first)
        {
            if (exception is NpgsqlException or { InnerException: NpgsqlException })
            {
                NpgsqlConnection.ClearAllPools();
            }

            LogOutage(logger, exception, exception.GetBaseException().Message);
        }
    }

    /// <summary>An operation succeeded: closes the incident, if one is open, with one summary line.</summary>
    public void Recovered()
    {
        if (!IsActive)
        {
            return;
        }

        int failures;
        TimeSpan duration;
        lock (_gate)
        {
            if (_failures == 0)
            {
                return;
            }

            failures = _failures;
            duration = clock.GetUtcNow() - _since!.Value;
            _failures = 0;
            _since = null;
        }

        LogRecovered(logger, failures, (long)duration.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable ({Reason}). Requests answer 503 until it is back; further failures are counted, not logged.")]
    private static partial void LogOutage(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database available again after {Failures} failed operations in {Seconds} s.")]
    private static partial void LogRecovered(ILogger logger, int failures, long seconds);
}

/// <summary>
/// Keeps a running app from writing where nobody will read: before an operation uses a connection and after a write
/// is committed, the SQLite file must still be where the app opened it. A file deleted under the running app would
/// otherwise keep taking writes into its unlinked inode (acknowledged, then gone at the next restart); now they fail
/// with <see cref="DatabaseUnavailableException"/> and the pool drops its handles. Successes close an outage.
/// </summary>
public sealed class DatabaseGuard(DatabaseOutage outage, SqliteDatabaseFile? file) :
    IDbConnectionInterceptor, IDbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor
{
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => AfterOpen(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterOpen(connection);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterWrite(transaction.Connection);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterWrite(transaction.Connection);
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterWrite(null);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterWrite(null);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        AfterWrite(command.Connection);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterWrite(command.Connection);
        return ValueTask.FromResult(result);
    }

    // A command that returned is the database answering: an outage is over.
    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        outage.Recovered();
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        outage.Recovered();
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        outage.Recovered();
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        outage.Recovered();
        return ValueTask.FromResult(result);
    }

    private void AfterOpen(DbConnection connection)
    {
        if (file is null)
        {
            // PostgreSQL: a multiplexed connection opens without a word to the server (decision 0077), so an open proves
            // nothing; the commands that return close an outage.
            return;
        }

        EnsureFileIsThere(connection);
        if (connection is SqliteConnection sqlite && SQLitePCL.raw.sqlite3_db_readonly(sqlite.Handle, "main") == 1
            && SqliteFiles.UnwritablePath(file.Path) is null)
        {
            // SQLite opens a file it may not write read-only, and the pool keeps that handle after the file is writable
            // again: a write drawing it would answer 503 for an outage that is over. Drop the pool's handles, reopen this one.
            KeptSqliteConnection.ClearPools(sqlite);
            sqlite.Close();
            sqlite.Open();
        }
    }

    private void AfterWrite(DbConnection? connection)
    {
        EnsureFileIsThere(connection);
        outage.Recovered();
    }

    private void EnsureFileIsThere(DbConnection? connection)
    {
        if (file is null || File.Exists(file.Path))
        {
            return;
        }

        if (connection is SqliteConnection sqlite)
        {
            KeptSqliteConnection.ClearPools(sqlite);
        }

        throw new DatabaseUnavailableException($"The database file {file.Path} is missing.");
    }
}
