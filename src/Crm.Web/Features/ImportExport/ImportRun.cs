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
public static class ImportRun
{
    /// <summary>One pass over the file: with <c>write</c> false nothing may be saved.</summary>
    public delegate Task<ImportPass> PassAsync(CrmDbContext db, bool write, long importId, CancellationToken ct);

    public static async Task<ImportResultDto> RunAsync(
        IDbContextFactory<CrmDbContext> dbFactory, Actor actor, string kind, byte[] content, string fileName, bool dryRun,
        OnDuplicate onDuplicate, DateTime now, PassAsync pass, CancellationToken ct)
    {
        ImportPass check;
        await using (var db = await dbFactory.CreateDbContextAsync(actor, ct))
        {
            check = await pass(db, false, 0, ct);
        }

        if (check.TotalRows == 0)
        {
            throw SpreadsheetUpload.Refused(Messages.ImportEmpty);
        }

        if (dryRun || check.Errors.Count > 0)
        {
            var id = await RecordAsync(dbFactory, actor, kind, fileName, dryRun, onDuplicate, check, check.Errors.Count > 0 ? content : null, now, ct);

            // A dry run says what the import would do; a refused import did nothing.
            return dryRun ? check.ToDto(id) : check.Refused(id);
        }

        await using var write = await dbFactory.CreateDbContextAsync(actor, ct);
        write.Database.AutoSavepointsEnabled = false;
        await using var transaction = await write.Database.BeginTransactionAsync(ct);
        var import = NewImport(actor, kind, fileName, dryRun: false, onDuplicate, now);
        write.DataImports.Add(import);
        await write.SaveChangesAsync(ct);

        var done = await pass(write, true, import.Id, ct);
        if (done.Errors.Count > 0)
        {
            // The data changed between the two passes (a colleague saved meanwhile): nothing of this import stays.
            await transaction.RollbackAsync(ct);
            throw new ConflictException(Messages.ImportFailedRolledBack + "：" + done.Errors[0].Message);
        }

        write.ChangeTracker.Clear();
        write.Attach(import);
        done.CopyTo(import);
        import.Status = ImportStatus.Imported;
        write.RecordAction(AuditActions.Imported, AuditEntityTypes.Import, import.Id, details: Details(import));
        await write.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return done.ToDto(import.Id);
    }

    /// <summary>Only the first pass: the errors the file has against the data as it is now.</summary>
    public static async Task<IReadOnlyList<ImportErrorDto>> CheckAsync(IDbContextFactory<CrmDbContext> dbFactory, Actor actor, PassAsync pass, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        return (await pass(db, false, 0, ct)).Errors;
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

    /// <summary>A dry run or a refused import: its counts (and, with errors, the file for the error workbook) in a short save of its own.</summary>
    private static async Task<long> RecordAsync(
        IDbContextFactory<CrmDbContext> dbFactory, Actor actor, string kind, string fileName, bool dryRun, OnDuplicate onDuplicate,
        ImportPass pass, byte[]? file, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var import = NewImport(actor, kind, fileName, dryRun, onDuplicate, now);
        pass.CopyTo(import);
        import.Status = pass.Errors.Count > 0 ? ImportStatus.Failed : ImportStatus.Checked;
        if (!dryRun)
        {
            import.Created = import.Updated = import.Skipped = 0;
        }

        db.DataImports.Add(import);
        await db.SaveChangesAsync(ct);
        if (file is not null)
        {
            db.DataImportFiles.Add(new DataImportFile { ImportId = import.Id, Content = file });
            await db.SaveChangesAsync(ct);
        }

        return import.Id;
    }
}
