namespace Crm.Domain.Common;

/// <summary>
/// The one place that says what time it is for the business (Crm:TimeZone), whatever the server's own zone: today,
/// now as a wall clock, and wall-clock input turned into the UTC instant that is stored. Over <see cref="TimeProvider"/>,
/// so tests pin it.
/// </summary>
public sealed class BusinessClock(TimeProvider clock, BusinessTime time)
{
    /// <summary>The hour a date typed or picked without a time stands for (a next follow-up on 12-20 is that morning).</summary>
    public static readonly TimeOnly DefaultTimeOfDay = new(9, 0);

    public TimeZoneInfo Zone => time.Zone;

    /// <summary>Now on the business zone's wall clock (no offset, as a picker shows it).</summary>
    public DateTime Now => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), time.Zone).DateTime;

    public DateOnly Today => time.Today(clock.GetUtcNow());

    /// <summary>A business-zone wall-clock time as the UTC instant to store.</summary>
    public DateTime ToUtc(DateTime wallClock) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), time.Zone);
}
