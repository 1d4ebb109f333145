using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>One import in the history (who, when, which file, what it did, where it stands).</summary>
public sealed record ImportDto(
    long Id, string Kind, string FileName, long CreatedById, string? CreatedByName, DateTimeOffset CreatedAt, bool DryRun,
    string OnDuplicate, string Status, int TotalRows, int Created, int Updated, int Skipped, int ErrorCount,
    DateTimeOffset? RevertedAt, bool HasErrorWorkbook);

/// <summary>Rows done of the file's rows while a background import runs (phase checking or writing).</summary>
public sealed record ImportProgressDto(string Phase, int RowsDone, int TotalRows);

/// <summary>One import: its history row and, while it runs, its progress.</summary>
public sealed record ImportStatusDto(ImportDto Import, ImportProgressDto? Progress);

/// <summary>The import history: admins see every import, salespeople their own (SPEC §3.6); newest first, paged.</summary>
public sealed class ImportHistory(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time, CountCap countCap)
{
    public async Task<Paged<ImportDto>> HandleAsync(Actor actor, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var imports = VisibleTo(db, actor);
        var rows = await imports.OrderByDescending(i => i.Id)
            .Page(page, pageSize)
            .Select(i => new
            {
                Import = i,
                By = db.Users.Where(u => u.Id == i.CreatedById).Select(u => u.DisplayName).FirstOrDefault(),
                HasFile = db.DataImportFiles.Any(f => f.ImportId == i.Id),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => ToDto(r.Import, r.By, r.HasFile, time)).ToList();
        return await countCap.PageAsync(imports, page, pageSize, items, ct);
    }

    /// <summary>One import of the history, with its progress while it runs in the background on this instance.</summary>
    public async Task<ImportStatusDto> OneAsync(Actor actor, long id, ImportProgress progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var import = await FindAsync(db, actor, id, ct);
        var by = await db.Users.Where(u => u.Id == import.CreatedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var hasFile = await db.DataImportFiles.AnyAsync(f => f.ImportId == id, ct);
        var state = import.Status == ImportStatus.Running ? progress.Get(id) : null;
        return new ImportStatusDto(
            ToDto(import, by, hasFile, time),
            state is null ? null : new ImportProgressDto(state.Phase.ToString().ToLowerInvariant(), state.RowsDone, state.TotalRows));
    }

    /// <summary>An import the actor may see, or 404 (another salesperson's import is not revealed).</summary>
    public static async Task<DataImport> FindAsync(CrmDbContext db, Actor actor, long id, CancellationToken ct) =>
        await VisibleTo(db, actor).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException(Messages.ImportNotFound);

    private static IQueryable<DataImport> VisibleTo(CrmDbContext db, Actor actor) =>
        actor.IsAdmin ? db.DataImports : db.DataImports.Where(i => i.CreatedById == actor.UserId);

    private static ImportDto ToDto(DataImport i, string? by, bool hasFile, BusinessTime time) => new(
        i.Id, i.Kind, i.FileName, i.CreatedById, by, time.ToBusiness(i.CreatedAt), i.DryRun, i.OnDuplicate, i.Status,
        i.TotalRows, i.Created, i.Updated, i.Skipped, i.ErrorCount, i.RevertedAt is { } r ? time.ToBusiness(r) : null, hasFile);
}
