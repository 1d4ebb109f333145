namespace Crm.Domain.Contacts;

/// <summary>
/// The month-day numbers (<see cref="Birthdays.MonthDay"/>) whose next birthday falls within the next
/// <c>days</c> days, as at most two closed ranges, so that the database can select them with an index.
/// The ranges are exact: a contact matches if and only if <see cref="Birthdays.DaysUntil"/> ≤ days.
/// </summary>
public sealed record BirthdayWindow(int FirstFrom, int FirstTo, int SecondFrom, int SecondTo)
{
    public const int MaxDays = 366;

    public static BirthdayWindow For(DateOnly today, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);

        // Consecutive birthdays are at most 366 days apart (29 Feb to 29 Feb), so none is more than 365 days away.
        if (days >= 365)
        {
            return new BirthdayWindow(101, 1231, 1, 0);
        }

        var end = today.AddDays(days);
        var from = Birthdays.MonthDay(today);
        if (end.Year == today.Year)
        {
            return new BirthdayWindow(from, Upper(end), 1, 0);
        }

        // Over the year end: the rest of this year, then next year up to the end date.
        return new BirthdayWindow(from, 1231, 101, Upper(end));
    }

    /// <summary>
    /// The window as month-day ranges in birthday order from today: listing each range by month-day, one after the
    /// other, lists the birthdays soonest first, so every range is one ordered index read (no sort of the window).
    /// </summary>
    public IReadOnlyList<(int From, int To)> InBirthdayOrder(int todayMonthDay)
    {
        // The whole year: from today to the year end, then from New Year to yesterday.
        (int From, int To)[] ranges = FirstFrom == 101 && FirstTo == 1231
            ? [(todayMonthDay, 1231), (101, todayMonthDay - 1)]
            : [(FirstFrom, FirstTo), (SecondFrom, SecondTo)];
        return ranges.Where(r => r.From <= r.To).ToList();
    }

    public bool Contains(int monthDay) =>
        (monthDay >= FirstFrom && monthDay <= FirstTo) || (monthDay >= SecondFrom && monthDay <= SecondTo);

    /// <summary>In a common year a 29 February birthday is celebrated on the 28th, so a window ending on 28 Feb takes it in.</summary>
    private static int Upper(DateOnly end)
    {
        var monthDay = Birthdays.MonthDay(end);
        return monthDay == 228 && !DateTime.IsLeapYear(end.Year) ? 229 : monthDay;
    }
}
