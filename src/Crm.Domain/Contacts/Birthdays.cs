namespace Crm.Domain.Contacts;

/// <summary>Upcoming birthdays of contacts, so that a salesperson can send greetings in time.</summary>
public static class Birthdays
{
    /// <summary>
    /// Month and day as one sortable number (29 Feb → 229): stored beside the birthday, it lets the
    /// database find "birthdays in the next days" with a range query instead of date arithmetic per engine.
    /// </summary>
    public static int MonthDay(DateOnly birthday) => (birthday.Month * 100) + birthday.Day;

    /// <summary>
    /// The next date on or after <paramref name="today"/> on which the birthday is celebrated. Someone born
    /// on 29 February celebrates on 28 February in other years, so they still appear in February's list.
    /// </summary>
    public static DateOnly NextOccurrence(DateOnly birthday, DateOnly today)
    {
        var thisYear = InYear(birthday, today.Year);
        return thisYear >= today ? thisYear : InYear(birthday, today.Year + 1);
    }

    /// <summary>0 when the birthday is today.</summary>
    public static int DaysUntil(DateOnly birthday, DateOnly today) =>
        NextOccurrence(birthday, today).DayNumber - today.DayNumber;

    private static DateOnly InYear(DateOnly birthday, int year) =>
        birthday is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 2, 28)
            : new DateOnly(year, birthday.Month, birthday.Day);
}
