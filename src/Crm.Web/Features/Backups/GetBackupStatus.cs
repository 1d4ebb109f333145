using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Backups;

/// <summary>The schedule, the backup in progress, the last failure, whether the tools are usable, and the restore command.</summary>
public sealed class GetBackupStatus(
    IDbContextFactory<CrmDbContext> dbFactory, BackupTarget target, BackupSettings settings, TakeBackup take, BackupToolCheck tools,
    BusinessTime zone, TimeProvider time)
{
    public async Task<BackupStatusDto> HandleAsync(Actor actor, CancellationToken ct)
    {
        BackupAccess.EnsureAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failure = await db.BackupRuns.Where(r => r.Error != null).OrderByDescending(r => r.StartedAt)
            .Select(r => new { r.StartedAt, r.Kind, r.Error }).FirstOrDefaultAsync(ct);
        BackupFailureDto? lastFailure = failure is null ? null : new(zone.ToBusiness(failure.StartedAt), failure.Kind, failure.Error!);
        if (take.UnrecordedFailure is { } unrecorded && (lastFailure is null || unrecorded.At > lastFailure.At.UtcDateTime))
        {
            lastFailure = new BackupFailureDto(zone.ToBusiness(unrecorded.At), BackupKind.PreMigration, unrecorded.Reason);
        }

        var next = settings.NextOccurrence(time.GetUtcNow().UtcDateTime, zone.Zone);
        var running = take.Running is { } r ? new BackupRunningDto(r.Kind, zone.ToBusiness(r.StartedAt), r.BytesWritten) : null;
        return new BackupStatusDto(
            target.Engine.Name,
            target.Folder,
            settings.ScheduleText,
            next is { } n ? zone.ToBusiness(n) : null,
            settings.Keep,
            running,
            lastFailure,
            await tools.ProblemAsync(ct),
            RestoreCommand(Path.Combine(target.Folder, BackupFiles.NameFor(time.GetUtcNow().UtcDateTime, null, target.Engine.Extension))));
    }

    /// <summary>The one documented command that restores <paramref name="file"/> (run with the app stopped).</summary>
    public static string RestoreCommand(string file) =>
        $"dotnet run --project src/Crm.Web -- restore --from \"{file}\" --force";
}
