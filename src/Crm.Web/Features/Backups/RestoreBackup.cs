using Crm.Domain.Resources;

namespace Crm.Web.Features.Backups;

/// <summary>Why a restore did not happen although the file is good: the database holds data and --force was not given.</summary>
public sealed class RestoreRefusedException() : Exception(Messages.Get("RestoreNeedsForce"));

/// <summary>
/// Restores a backup file into the configured database (the command line; run with the app stopped). The whole file
/// is checked first — intact, of this engine, of a schema not newer than the app's — and nothing touches the database
/// before that passes. A database that holds data is replaced only with force, and then only after a backup of it.
/// An older schema is brought up to date by the migrations at the next start.
/// </summary>
public sealed class RestoreBackup(BackupTarget target, TakeBackup take)
{
    /// <summary>Returns the backup taken of what was replaced (null when the database was empty).</summary>
    public async Task<BackupResult?> HandleAsync(string file, bool force, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        await target.Engine.ValidateAsync(path, target.KnownMigrations, ct);
        BackupResult? replaced = null;
        if (await target.Engine.HasDataAsync(ct))
        {
            if (!force)
            {
                throw new RestoreRefusedException();
            }

            replaced = await take.RunAsync(BackupKind.PreRestore, ct: ct);
        }

        await target.Engine.RestoreAsync(path, ct);
        return replaced;
    }
}
