using Cronos;

namespace Crm.Web.Data;

/// <summary>The app's nightly jobs (backups, the search index merge): a cron setting, and the wait for its next occurrence.</summary>
public static class Schedules
{
    /// <summary>Timers cannot wait longer than about 49 days; a longer wait is taken in steps of a day.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>
    /// A cron expression (five fields, or six with seconds); null for "off". A malformed expression stops the start with
    /// the setting's name and text in the message.
    /// </summary>
    public static CronExpression? Parse(string setting, string text)
    {
        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new InvalidOperationException($"{setting} '{text}' is not a cron expression: {ex.Message}", ex);
        }
    }

    /// <summary>The next occurrence after <paramref name="after"/> (UTC) in <paramref name="zone"/>; null when off.</summary>
    public static DateTime? Next(CronExpression? schedule, DateTime after, TimeZoneInfo zone) =>
        schedule?.GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Utc), zone);

    /// <summary>Waits until <paramref name="occurrence"/> (UTC) by <paramref name="time"/>'s clock.</summary>
    public static async Task WaitUntilAsync(DateTime occurrence, TimeProvider time, CancellationToken ct)
    {
        TimeSpan wait;
        while ((wait = occurrence - time.GetUtcNow().UtcDateTime) > TimeSpan.Zero)
        {
            await Task.Delay(wait < LongestWait ? wait : LongestWait, time, ct);
        }
    }
}
