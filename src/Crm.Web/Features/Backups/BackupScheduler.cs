using Crm.Domain.Common;
using Crm.Web.Data;

namespace Crm.Web.Features.Backups;

/// <summary>
/// Takes the scheduled backups (Backup:Schedule in the business time zone, daily at 02:00 by default) while the app
/// runs. Each occurrence is claimed in the database, so of several instances only one takes it; a failure is logged
/// and recorded, and the next occurrence is tried as usual.
/// </summary>
public sealed partial class BackupScheduler(TakeBackup take, BackupSettings settings, BusinessTime zone, TimeProvider time, ILogger<BackupScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = settings.NextOccurrence(time.GetUtcNow().UtcDateTime, zone.Zone);
            if (next is not { } occurrence)
            {
                return;
            }

            await Schedules.WaitUntilAsync(occurrence, time, stoppingToken);
            await RunAsync(occurrence, stoppingToken);
        }
    }

    /// <summary>One occurrence; returns the backup when this instance took it (null: another one did, or it failed).</summary>
    public async Task<BackupResult?> RunAsync(DateTime occurrence, CancellationToken ct)
    {
        try
        {
            return await take.RunAsync(BackupKind.Scheduled, occurrence, ct: ct);
        }
        catch (BackupFailedException)
        {
            return null; // logged and recorded by TakeBackup; the page and the log show it
        }
        catch (ConflictException)
        {
            LogBusy(logger, occurrence);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled backup {Occurrence} skipped: a backup was already running")]
    private static partial void LogBusy(ILogger logger, DateTime occurrence);
}
