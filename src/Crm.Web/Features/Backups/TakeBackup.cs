using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Web.Features.Backups;

/// <summary>What started a backup; the kinds nobody asked for by hand are marked in the file name.</summary>
public static class BackupKind
{
    public const string Scheduled = "scheduled";
    public const string Manual = "manual";
    public const string PreMigration = "pre-migration";
    public const string PreRestore = "pre-restore";
    public const string CommandLine = "command-line";

    public static string? NameSuffix(string kind) => kind is PreMigration or PreRestore ? kind : null;
}

/// <summary>A kept backup: its file and size.</summary>
public sealed record BackupResult(string Path, long SizeBytes);

/// <summary>The backup in progress: since when and how much of the copy is written.</summary>
public sealed record BackupProgress(string Kind, DateTime StartedAt, string TempPath)
{
    public long BytesWritten => File.Exists(TempPath) ? new FileInfo(TempPath).Length : 0;
}

/// <summary>
/// Takes one backup: one at a time per instance (and, on PostgreSQL, per database: an advisory lock), written under a
/// temporary name, verified by the engine, only then renamed to its final name, then the oldest beyond Backup:Keep
/// are deleted. A scheduled backup first claims its occurrence in backup_runs, so of several instances only one takes
/// it. Every attempt is recorded there (except the one before migrations, when that table may not exist yet); a failed
/// one leaves no file and the previous backups untouched.
/// </summary>
public sealed partial class TakeBackup(
    IDbContextFactory<CrmDbContext> dbFactory, BackupTarget target, BackupSettings settings, TimeProvider time, ILogger<TakeBackup> logger)
    : IDisposable
{
    /// <summary>The advisory lock key every instance uses for "a backup of this database is running".</summary>
    private const long AdvisoryLockKey = 0x43524D_4241434B; // "CRM BACK"

    /// <summary>One backup at a time in this process (internal: tests hold it to see the 409).</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    public BackupProgress? Running { get; private set; }

    public void Dispose() => Gate.Dispose();

    /// <summary>The last failure of this process that backup_runs could not record (before migrations).</summary>
    public (DateTime At, string Reason)? UnrecordedFailure { get; private set; }

    /// <summary>POST /admin/backups and 立即备份: admins only; 409 while a backup runs.</summary>
    public async Task<BackupDto> HandleAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.IsAdmin)
        {
            throw new ForbiddenException(Messages.Forbidden);
        }

        var result = await RunAsync(BackupKind.Manual, by: new AuditActor(actor.UserId), ct: ct)
            ?? throw new ConflictException(Messages.Get("BackupRunning"));
        var name = Path.GetFileName(result.Path);
        return new BackupDto(name, result.SizeBytes, BackupFiles.TakenAt(name), true, target.Engine.Name);
    }

    /// <summary>
    /// Runs one backup of <paramref name="kind"/>. Null when a scheduled occurrence was already claimed by another
    /// instance; <see cref="ConflictException"/> when a backup is running; <see cref="BackupFailedException"/> when it failed.
    /// <paramref name="outFile"/>: the command line's --out (no retention there). <paramref name="by"/>: the admin who
    /// asked, for the audit trail (the system otherwise).
    /// </summary>
    public async Task<BackupResult?> RunAsync(
        string kind, DateTime? scheduledFor = null, string? outFile = null, AuditActor? by = null, CancellationToken ct = default)
    {
        if (!await Gate.WaitAsync(0, ct))
        {
            throw new ConflictException(Messages.Get("BackupRunning"));
        }

        try
        {
            await using var databaseLock = await LockAsync(ct);
            if (databaseLock is null)
            {
                // Another instance is backing up this database: for a scheduled run, most likely this very occurrence.
                return kind == BackupKind.Scheduled ? null : throw new ConflictException(Messages.Get("BackupRunning"));
            }

            long? runId = null;
            if (kind != BackupKind.PreMigration && await SchemaIsCurrentAsync(ct))
            {
                runId = await ClaimAsync(kind, scheduledFor, ct);
                if (runId is null)
                {
                    LogAlreadyTaken(logger, scheduledFor);
                    return null;
                }
            }

            try
            {
                var result = await WriteAsync(kind, outFile, ct);
                if (runId is { } id)
                {
                    await FinishAsync(id, kind, by, Path.GetFileName(result.Path), result.SizeBytes, error: null);
                }

                LogTaken(logger, kind, result.Path, result.SizeBytes);
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reason = ex is BackupFailedException failed ? failed.Reason : ex.Message;
                if (runId is { } id)
                {
                    await FinishAsync(id, kind, by, null, null, reason);
                }
                else
                {
                    UnrecordedFailure = (time.GetUtcNow().UtcDateTime, reason);
                }

                LogFailed(logger, ex, kind, reason);
                throw ex is BackupFailedException ? ex : new BackupFailedException(reason, ex);
            }
        }
        finally
        {
            Running = null;
            Gate.Release();
        }
    }

    private async Task<BackupResult> WriteAsync(string kind, string? outFile, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        string folder, final;
        if (outFile is null)
        {
            folder = target.Folder;
            BackupFiles.EnsureFolder(folder);
            final = Path.Combine(folder, BackupFiles.FreeName(folder, now, BackupKind.NameSuffix(kind), target.Engine.Extension));
        }
        else
        {
            final = Path.GetFullPath(outFile);
            folder = Path.GetDirectoryName(final)!;
            if (File.Exists(final))
            {
                throw new BackupFailedException(Messages.Format("BackupOutExists", final));
            }

            BackupFiles.EnsureFolder(folder);
        }

        var temp = Path.Combine(folder, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.partial");
        Running = new BackupProgress(kind, now, temp);
        try
        {
            BackupFiles.CreatePrivateFile(temp);
            await target.Engine.WriteVerifiedAsync(temp, ct);
            File.Move(temp, final, overwrite: false);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        if (outFile is null)
        {
            foreach (var deleted in BackupFiles.Prune(folder, settings.Keep))
            {
                LogPruned(logger, deleted);
            }
        }

        return new BackupResult(final, new FileInfo(final).Length);
    }

    /// <summary>backup_runs exists only in a database the app has migrated (the command line may meet an older one).</summary>
    private async Task<bool> SchemaIsCurrentAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !(await db.Database.GetPendingMigrationsAsync(ct)).Any();
    }

    /// <summary>The run's row; for a scheduled run, the claim on its occurrence (null: another instance has it).</summary>
    private async Task<long?> ClaimAsync(string kind, DateTime? scheduledFor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = new BackupRun
        {
            Kind = kind,
            ScheduledFor = scheduledFor,
            StartedAt = time.GetUtcNow().UtcDateTime,
            Instance = $"{Environment.MachineName}:{Environment.ProcessId}",
        };
        db.BackupRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return run.Id;
        }
        catch (DbUpdateException ex) when (scheduledFor is not null && DbErrors.IsUniqueViolation(ex, "scheduled_for"))
        {
            return null;
        }
    }

    /// <summary>Closes the run's row and records the backup (or its failure) in the audit trail, in one transaction.</summary>
    private async Task FinishAsync(long runId, string kind, AuditActor? by, string? fileName, long? size, string? error)
    {
        var ct = CancellationToken.None;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditAs(by ?? AuditActor.System);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reason = error == null ? null : error.Length > 2000 ? error.Substring(0, 2000) : error;
        await db.BackupRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.FinishedAt, time.GetUtcNow().UtcDateTime)
                .SetProperty(r => r.FileName, fileName)
                .SetProperty(r => r.SizeBytes, size)
                .SetProperty(r => r.Error, reason),
            ct);
        db.RecordAction(error is null ? AuditActions.BackupTaken : AuditActions.BackupFailed, AuditEntityTypes.Backup, runId,
            details: BackupAudit.Details(fileName, kind, size, reason));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// PostgreSQL: one backup at a time per database, whichever instance runs it (a session lock on a connection of its
    /// own, released when it closes). Null when another instance holds it; on SQLite a lock that holds nothing.
    /// </summary>
    private async Task<IAsyncDisposable?> LockAsync(CancellationToken ct)
    {
        if (!target.IsPostgres)
        {
            return NoLock.Instance;
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT pg_try_advisory_lock({AdvisoryLockKey})";
        if (await command.ExecuteScalarAsync(ct) is true)
        {
            return connection;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup ({Kind}) written and verified: {Path}, {Size} bytes")]
    private static partial void LogTaken(ILogger logger, string kind, string path, long size);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup ({Kind}) failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled backup for {Occurrence} already taken by another instance")]
    private static partial void LogAlreadyTaken(ILogger logger, DateTime? occurrence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {Name} deleted (Backup:Keep)")]
    private static partial void LogPruned(ILogger logger, string name);
}
