using Crm.Web.Data;
using Cronos;

namespace Crm.Web.Features.Backups;

/// <summary>
/// Backup:Schedule (cron in the business time zone, five fields or six with seconds; "off" turns it off; default daily
/// at 02:00), Backup:Keep (newest backups kept, default 14), Backup:Directory (default: backups/ next to the SQLite
/// file, data/backups for PostgreSQL) and Backup:PgDump (pg_dump's path, found on PATH by default; pg_restore and psql
/// are taken from the same folder).
/// </summary>
public sealed class BackupSettings
{
    public const string DefaultSchedule = "0 2 * * *";
    public const int DefaultKeep = 14;

    public CronExpression? Schedule { get; init; }

    public string ScheduleText { get; init; } = DefaultSchedule;

    public int Keep { get; init; } = DefaultKeep;

    /// <summary>Null: the default for the engine (see <see cref="DirectoryFor"/>).</summary>
    public string? Directory { get; init; }

    public string PgDump { get; init; } = "pg_dump";

    public static BackupSettings From(IConfiguration configuration)
    {
        var schedule = configuration["Backup:Schedule"];
        var text = string.IsNullOrWhiteSpace(schedule) ? DefaultSchedule : schedule.Trim();
        var keepText = configuration["Backup:Keep"];
        var keep = DefaultKeep;
        if (!string.IsNullOrWhiteSpace(keepText) && (!int.TryParse(keepText, out keep) || keep < 1))
        {
            throw new InvalidOperationException($"Backup:Keep must be a whole number of at least 1, not '{keepText}'.");
        }

        return new BackupSettings
        {
            ScheduleText = text,
            Schedule = ParseSchedule(text),
            Keep = keep,
            Directory = string.IsNullOrWhiteSpace(configuration["Backup:Directory"]) ? null : configuration["Backup:Directory"],
            PgDump = string.IsNullOrWhiteSpace(configuration["Backup:PgDump"]) ? "pg_dump" : configuration["Backup:PgDump"]!,
        };
    }

    /// <summary>Null when the schedule is off; a malformed expression stops the start with its text in the message.</summary>
    public static CronExpression? ParseSchedule(string text) => Schedules.Parse("Backup:Schedule", text);

    /// <summary>The next scheduled backup after <paramref name="after"/> (UTC), in the business time zone; null when off.</summary>
    public DateTime? NextOccurrence(DateTime after, TimeZoneInfo zone) => Schedules.Next(Schedule, after, zone);

    /// <summary>The folder backups go to: configured, else next to the SQLite file, else data/backups.</summary>
    public string DirectoryFor(string? sqliteFile) =>
        Path.GetFullPath(Directory ?? (sqliteFile is null
            ? Path.Combine("data", "backups")
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sqliteFile))!, "backups")));
}
