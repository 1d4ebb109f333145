using System.Globalization;

namespace Crm.Domain.Common;

/// <summary>
/// Timestamps are stored in UTC and shown in the business time zone (Crm:TimeZone, default Asia/Shanghai).
/// Input without an offset is read as business-zone local time.
/// </summary>
public sealed class BusinessTime(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public static BusinessTime For(string? zoneId) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(zoneId) ? "Asia/Shanghai" : zoneId));

    /// <summary>A stored UTC instant as business-zone time with its offset.</summary>
    public DateTimeOffset ToBusiness(DateTime utc)
    {
        var asUtc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(asUtc), Zone);
    }

    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The business-zone day that contains <paramref name="nowUtc"/>, as UTC instants [from, until).</summary>
    public (DateTime From, DateTime Until) DayBoundsUtc(DateTime nowUtc)
    {
        var today = Today(new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)));
        return (StartUtc(today), StartUtc(today.AddDays(1)));
    }

    /// <summary>Midnight of a business-zone date in UTC (the first valid local time after a gap).</summary>
    private DateTime StartUtc(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>Parses ISO 8601; without an offset the value is business-zone local time. Returns UTC.</summary>
    public bool TryParseInstant(string text, out DateTime utc)
    {
        utc = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return false;
        }

        switch (parsed.Kind)
        {
            case DateTimeKind.Utc:
                utc = parsed;
                return true;
            case DateTimeKind.Local:
                // RoundtripKind yields Local when the text carried an offset: recover it exactly.
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
                {
                    return false;
                }

                utc = withOffset.UtcDateTime;
                return true;
            default:
                if (Zone.IsInvalidTime(parsed))
                {
                    return false;
                }

                utc = TimeZoneInfo.ConvertTimeToUtc(parsed, Zone);
                return true;
        }
    }
}
