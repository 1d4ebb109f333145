using System.Globalization;
using Crm.Domain.Contacts;

namespace Crm.Domain.Tests.Contacts;

public class BirthdayWindowTests
{
    [Theory]
    [InlineData("2026-06-10", 30, 610, 710, 1, 0)]
    [InlineData("2026-06-10", 0, 610, 610, 1, 0)]
    // Over the year end: the rest of December, then January.
    [InlineData("2026-12-20", 30, 1220, 1231, 101, 119)]
    // A window ending on 28 February of a common year takes in 29 February birthdays …
    [InlineData("2027-02-01", 27, 201, 229, 1, 0)]
    [InlineData("2026-12-31", 59, 1231, 1231, 101, 229)]
    // … but not in a leap year, where 29 February still lies ahead.
    [InlineData("2028-02-01", 27, 201, 228, 1, 0)]
    public void Ranges_of_month_days(string today, int days, int firstFrom, int firstTo, int secondFrom, int secondTo) =>
        Assert.Equal(new BirthdayWindow(firstFrom, firstTo, secondFrom, secondTo), BirthdayWindow.For(Parse(today), days));

    [Theory]
    [InlineData(-1)]
    [InlineData(367)]
    public void Days_outside_0_to_366_are_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BirthdayWindow.For(new DateOnly(2026, 1, 1), days));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(59)]
    [InlineData(365)]
    [InlineData(366)]
    public void Window_selects_exactly_the_birthdays_due_within_the_days(int days)
    {
        // Every day of a leap year as a birthday, against every day of four years (common and leap) as today.
        var birthdays = Enumerable.Range(0, 366).Select(d => new DateOnly(1992, 1, 1).AddDays(d)).ToList();
        for (var today = new DateOnly(2026, 1, 1); today <= new DateOnly(2029, 12, 31); today = today.AddDays(1))
        {
            var window = BirthdayWindow.For(today, days);
            foreach (var birthday in birthdays)
            {
                var due = Birthdays.DaysUntil(birthday, today) <= days;
                Assert.True(
                    due == window.Contains(Birthdays.MonthDay(birthday)),
                    $"today {today:yyyy-MM-dd}, days {days}, birthday {birthday:MM-dd}: due {due}, window {window}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(59)]
    [InlineData(365)]
    [InlineData(366)]
    public void Ranges_in_birthday_order_list_exactly_the_window_soonest_first(int days)
    {
        var birthdays = Enumerable.Range(0, 366).Select(d => new DateOnly(1992, 1, 1).AddDays(d)).ToList();
        for (var today = new DateOnly(2026, 1, 1); today <= new DateOnly(2029, 12, 31); today = today.AddDays(1))
        {
            var window = BirthdayWindow.For(today, days);
            var listed = window.InBirthdayOrder(Birthdays.MonthDay(today))
                .SelectMany(r => birthdays.Where(b => Birthdays.MonthDay(b) >= r.From && Birthdays.MonthDay(b) <= r.To)
                    .OrderBy(Birthdays.MonthDay))
                .ToList();
            var due = birthdays.Where(b => Birthdays.DaysUntil(b, today) <= days).ToList();

            Assert.True(listed.Order().SequenceEqual(due.Order()), $"today {today:yyyy-MM-dd}, days {days}: not exactly the window");
            var daysUntil = listed.Select(b => Birthdays.DaysUntil(b, today)).ToList();
            Assert.True(daysUntil.SequenceEqual(daysUntil.Order()), $"today {today:yyyy-MM-dd}, days {days}: not soonest first");
        }
    }

    private static DateOnly Parse(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);
}
