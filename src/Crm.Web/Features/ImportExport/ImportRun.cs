using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The two passes of every import (decision 0043): the first checks every row and writes nothing (a dry run, or a file
/// with any error, stops there and is recorded with its counts, and with errors its file for the error workbook); the
/// second writes the same rows in one transaction that also holds the import's history row and its audit entry.
/// </summary>
public static partial class ImportRun
{
    /// <summary>
    /// One pass over the file: with <c>write</c> false nothing may be saved. <c>now</c> is the import's own time (its
    /// history row's): every row it writes carries it, so an undo tells the import's own rows, tags and contacts from
    /// changes made after it (a background import starts writing a little after its row was saved).
    /// </summary>
    public delegate Task<ImportPass> PassAsync(CrmDbContext db, bool write, long importId, DateTime now, CancellationToken ct);

    /// <summary>
    /// A dry run checks every row and writes nothing. An import checks and writes in the same pass, inside one transaction
    /// (decision 0050): the first row error stops the writing, the pass goes on to list every error, and the transaction
    /// rolls back — a refused import leaves nothing but its history row. <paramref name="runningImportId"/> is the
    /// history row a background import (ImportJobs) inserted when it started; without it the row is created here.
    /// </summary>
    public static async Task<ImportResultDto> RunAsync(
        IDbContextFactory<CrmDbContext> dbFactory, Actor actor, string kind, byte[] content, string fileName, bool dryRun,
        OnDuplicate onDuplicate, DateTime now, PassAsync pass, ILogger log, CancellationToken ct, long? runningImportId = null)
    {
        if (dryRun)
        {
            ImportPass check;
            await using (var db = await dbFactory.CreateDbContextAsync(actor, ct))
            {
                check = await pass(db, false, 0, now, ct);
            }

            if (check.TotalRows == 0)
            {
                throw SpreadsheetUpload.Refused(Messages.ImportEmpty);
            }

            var id = await RecordAsync(dbFactory, actor, kind, fileName, dryRun, onDuplicate, check, check.Errors.Count > 0 ? content : null, now, runningImportId, ct);
            return check.ToDto(id);
        }

        ImportPass done;
        DataImport import;
        await using (var write = await dbFactory.CreateDbContextAsync(actor, ct))
        {
            write.Database.AutoSavepointsEnabled = false;
            await using var cache = await BulkCache.EnlargeAsync(write, ct, BulkCache.ImportMegabytes);
            await using var transaction = await write.Database.BeginTransactionAsync(ct);
            if (runningImportId is { } running)
            {
                import = await write.DataImports.FirstAsync(i => i.Id == running, ct);
            }
            else
            {
                import = NewImport(actor, kind, fileName, dryRun: false, onDuplicate, now);
                write.DataImports.Add(import);
                await write.SaveChangesAsync(ct);
            }

            done = await pass(write, true, import.Id, import.CreatedAt, ct);
            if (done.TotalRows > 0 && done.Errors.Count == 0)
            {
                write.ChangeTracker.Clear();
                write.Attach(import);
                done.CopyTo(import);
                import.Status = ImportStatus.Imported;
                write.RecordAction(AuditActions.Imported, AuditEntityTypes.Import, import.Id, details: Details(import));
                await write.SaveChangesAsync(ct);
                var committing = System.Diagnostics.Stopwatch.GetTimestamp();
                await transaction.CommitAsync(ct);
                var commit = System.Diagnostics.Stopwatch.GetElapsedTime(committing);
                LogCommitted(log, import.Id, done.TotalRows, commit.TotalMilliseconds);
                await PlannerStatistics.RefreshAfterBulkAsync(write, import.Created + import.Updated, log, ct);
                return done.ToDto(import.Id);
            }

            // Nothing of a refused import stays: the rows written before its first error roll back.
            await transaction.RollbackAsync(ct);
        }

        if (done.TotalRows == 0)
        {
            throw SpreadsheetUpload.Refused(Messages.ImportEmpty);
        }

        return done.Refused(await RecordAsync(dbFactory, actor, kind, fileName, dryRun, onDuplicate, done, content, now, runningImportId, ct));
    }

    /// <summary>Only the first pass: the errors the file has against the data as it is now.</summary>
    public static async Task<IReadOnlyList<ImportErrorDto>> CheckAsync(IDbContextFactory<CrmDbContext> dbFactory, Actor actor, DateTime now, PassAsync pass, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        return (await pass(db, false, 0, now, ct)).Errors;
    }

    public static JsonObject Details(DataImport import) => new()
    {
        ["kind"] = import.Kind,
        ["file_name"] = import.FileName,
        ["total_rows"] = import.TotalRows,
        ["created"] = import.Created,
        ["updated"] = import.Updated,
        ["skipped"] = import.Skipped,
    };

    private static DataImport NewImport(Actor actor, string kind, string fileName, bool dryRun, OnDuplicate onDuplicate, DateTime now) => new()
    {
        Kind = kind,
        FileName = ImportFileName.Clean(fileName),
        CreatedById = actor.UserId,
        CreatedAt = now,
        DryRun = dryRun,
        OnDuplicate = onDuplicate.ToString().ToLowerInvariant(),
        Status = ImportStatus.Checked,
    };

    /// <summary>
    /// A background import's history row, saved before its work starts (status <c>running</c>) so that its id can be
    /// polled at once; the import's own transaction (or <see cref="RecordAsync"/>) gives it its final status.
    /// </summary>
    public static async Task<long> StartAsync(
        IDbContextFactory<CrmDbContext> dbFactory, Actor actor, string kind, string fileName, bool dryRun, OnDuplicate onDuplicate, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var import = NewImport(actor, kind, fileName, dryRun, onDuplicate, now);
        import.Status = ImportStatus.Running;
        db.DataImports.Add(import);
        await db.SaveChangesAsync(ct);
        return import.Id;
    }

    /// <summary>A dry run or a refused import: its counts (and, with errors, the file for the error workbook) in a short save of its own.</summary>
    private static async Task<long> RecordAsync(
        IDbContextFactory<CrmDbContext> dbFactory, Actor actor, string kind, string fileName, bool dryRun, OnDuplicate onDuplicate,
        ImportPass pass, byte[]? file, DateTime now, long? runningImportId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var import = runningImportId is { } running
            ? await db.DataImports.FirstAsync(i => i.Id == running, ct)
            : db.DataImports.Add(NewImport(actor, kind, fileName, dryRun, onDuplicate, now)).Entity;
        pass.CopyTo(import);
        import.Status = pass.Errors.Count > 0 ? ImportStatus.Failed : ImportStatus.Checked;
        if (!dryRun)
        {
            import.Created = import.Updated = import.Skipped = 0;
        }

        await db.SaveChangesAsync(ct);
        if (file is not null)
        {
            db.DataImportFiles.Add(new DataImportFile { ImportId = import.Id, Content = file });
            await db.SaveChangesAsync(ct);
        }

        return import.Id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} of {Rows} rows committed in {Milliseconds:F0} ms")]
    private static partial void LogCommitted(ILogger logger, long importId, int rows, double milliseconds);
}
