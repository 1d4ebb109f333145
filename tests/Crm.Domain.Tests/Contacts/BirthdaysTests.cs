using System.Globalization;
using Crm.Domain.Contacts;

namespace Crm.Domain.Tests.Contacts;

public class BirthdaysTests
{
    [Theory]
    [InlineData("1992-02-29", 229)]
    [InlineData("1985-01-01", 101)]
    [InlineData("1985-12-31", 1231)]
    [InlineData("1985-10-05", 1005)]
    public void Month_day_is_month_times_100_plus_day(string birthday, int expected) =>
        Assert.Equal(expected, Birthdays.MonthDay(Parse(birthday)));

    [Theory]
    // 29 February is celebrated on 28 February in common years.
    [InlineData("1992-02-29", "2027-01-10", "2027-02-28", 49)]
    [InlineData("1992-02-29", "2027-02-28", "2027-02-28", 0)]
    [InlineData("1992-02-29", "2027-03-01", "2028-02-29", 365)]
    [InlineData("1992-02-29", "2028-02-01", "2028-02-29", 28)]
    [InlineData("1992-02-29", "2028-02-29", "2028-02-29", 0)]
    // Today is the birthday.
    [InlineData("1985-06-15", "2026-06-15", "2026-06-15", 0)]
    // Still ahead this year, or already past.
    [InlineData("1985-06-15", "2026-06-14", "2026-06-15", 1)]
    [InlineData("1985-06-15", "2026-06-16", "2027-06-15", 364)]
    // Wrap-around at the year end.
    [InlineData("1985-01-01", "2026-12-31", "2027-01-01", 1)]
    [InlineData("1985-12-31", "2026-01-01", "2026-12-31", 364)]
    [InlineData("1985-12-31", "2026-12-31", "2026-12-31", 0)]
    public void Next_birthday_and_days_until_it(string birthday, string today, string expectedNext, int expectedDays)
    {
        var born = Parse(birthday);
        var on = Parse(today);

        Assert.Equal(Parse(expectedNext), Birthdays.NextOccurrence(born, on));
        Assert.Equal(expectedDays, Birthdays.DaysUntil(born, on));
    }

    private static DateOnly Parse(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);
}
