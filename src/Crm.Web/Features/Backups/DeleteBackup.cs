using Crm.Domain.Common;
using Crm.Domain.Users;

namespace Crm.Web.Features.Backups;

/// <summary>Deletes one backup of the folder (admins only; a name that is not a backup's → 400, a missing one → 404).</summary>
public sealed class DeleteBackup(BackupTarget target)
{
    public Task HandleAsync(Actor actor, string name, CancellationToken ct)
    {
        BackupAccess.EnsureAdmin(actor);
        ct.ThrowIfCancellationRequested();
        File.Delete(BackupFiles.Resolve(target.Folder, name));
        return Task.CompletedTask;
    }
}
