using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Backups;

/// <summary>Deletes one backup of the folder (admins only; a name that is not a backup's → 400, a missing one → 404).</summary>
public sealed class DeleteBackup(BackupTarget target, IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task HandleAsync(Actor actor, string name, CancellationToken ct)
    {
        BackupAccess.EnsureAdmin(actor);
        ct.ThrowIfCancellationRequested();
        File.Delete(BackupFiles.Resolve(target.Folder, name));
        await BackupAudit.RecordAsync(dbFactory, new AuditActor(actor.UserId), AuditActions.BackupDeleted, BackupAudit.Details(name, BackupKind.Manual), CancellationToken.None);
    }
}

/// <summary>GET /admin/backups/{name}: the file to send (admins only), recorded in the audit trail first: a backup is a copy of every customer.</summary>
public sealed class DownloadBackup(BackupTarget target, IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<string> HandleAsync(Actor actor, string name, CancellationToken ct)
    {
        BackupAccess.EnsureAdmin(actor);
        var path = BackupFiles.Resolve(target.Folder, name);
        await BackupAudit.RecordAsync(dbFactory, new AuditActor(actor.UserId), AuditActions.BackupDownloaded, BackupAudit.Details(name, BackupKind.Manual), ct);
        return path;
    }
}
