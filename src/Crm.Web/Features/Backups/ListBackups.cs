using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Backups;

/// <summary>The backups in the folder, newest first (admins only).</summary>
public sealed class ListBackups(IDbContextFactory<CrmDbContext> dbFactory, BackupTarget target, BusinessTime zone)
{
    public async Task<IReadOnlyList<BackupDto>> HandleAsync(Actor actor, CancellationToken ct)
    {
        BackupAccess.EnsureAdmin(actor);
        var files = BackupFiles.List(target.Folder);
        if (files.Count == 0)
        {
            return [];
        }

        var names = files.Select(f => f.Name).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var verified = (await db.BackupRuns.Where(r => r.FileName != null && r.Error == null && names.Contains(r.FileName))
            .Select(r => r.FileName!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return files.Select(f => new BackupDto(f.Name, f.Length, zone.ToBusiness(BackupFiles.TakenAt(f.Name)), verified.Contains(f.Name), BackupFiles.EngineOf(f.Name)))
            .ToList();
    }
}

public static class BackupAccess
{
    public static void EnsureAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw new ForbiddenException(Messages.Forbidden);
        }
    }
}
