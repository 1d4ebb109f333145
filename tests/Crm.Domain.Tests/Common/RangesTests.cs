using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

public class RangesTests
{
    private static readonly DateOnly Today = new(2026, 2, 15);

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(3650)]
    public void Value_within_the_range_is_kept(int? value)
    {
        var (days, errors) = Rule.Run(e => Ranges.Check(value, 0, 3650, "account_period", "Label_AccountPeriod", e));

        Assert.Equal(value, days);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3651)]
    public void Value_outside_the_range_is_rejected_with_both_bounds(int value)
    {
        var errors = Rule.ChineseErrors(e => Ranges.Check(value, 0, 3650, "account_period", "Label_AccountPeriod", e));

        Assert.Equal(["账期（天）必须在0到3650之间"], errors["account_period"]);
    }

    public static TheoryData<DateOnly?> PastOrToday => new()
    {
        null,
        Today,
        Today.AddDays(-1),
        new DateOnly(1900, 1, 1),
    };

    [Theory]
    [MemberData(nameof(PastOrToday))]
    public void Date_up_to_today_is_accepted(DateOnly? date)
    {
        var (established, errors) = Rule.Run(e => Ranges.NotInFuture(date, Today, "established_date", "Label_EstablishedDate", e));

        Assert.Equal(date, established);
        Assert.Empty(errors);
    }

    [Fact]
    public void Date_after_today_is_rejected()
    {
        var errors = Rule.ChineseErrors(e => Ranges.NotInFuture(Today.AddDays(1), Today, "established_date", "Label_EstablishedDate", e));

        Assert.Equal(["成立日期不能晚于今天"], errors["established_date"]);
    }
}
