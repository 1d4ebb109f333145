using Crm.Domain.FollowUps;

namespace Crm.Domain.Tests.FollowUps;

public class FollowUpRulesTests
{
    private static readonly DateTime Now = new(2026, 2, 15, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AnHourAgo = Now.AddHours(-1);

    [Theory]
    [InlineData(-86_400)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60)]
    public void Follow_up_up_to_sixty_seconds_ahead_of_the_clock_is_accepted(int secondsFromNow) =>
        Assert.Empty(Rule.Run(e => FollowUpRules.CheckTimes(Now.AddSeconds(secondsFromNow), null, Now, e)));

    [Theory]
    [InlineData(61)]
    [InlineData(3_600)]
    public void Follow_up_in_the_future_is_rejected(int secondsFromNow)
    {
        var errors = Rule.ChineseErrors(e => FollowUpRules.CheckTimes(Now.AddSeconds(secondsFromNow), null, Now, e));

        Assert.Equal(["跟进时间不能晚于当前时间"], errors["follow_up_at"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(86_400 * 7)]
    public void Next_follow_up_after_this_one_is_accepted(int secondsAfter) =>
        Assert.Empty(Rule.Run(e => FollowUpRules.CheckTimes(AnHourAgo, AnHourAgo.AddSeconds(secondsAfter), Now, e)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-86_400)]
    public void Next_follow_up_at_or_before_this_one_is_rejected(int secondsAfter)
    {
        var errors = Rule.ChineseErrors(e => FollowUpRules.CheckTimes(AnHourAgo, AnHourAgo.AddSeconds(secondsAfter), Now, e));

        Assert.Equal(["下次跟进时间必须晚于跟进时间"], errors["next_follow_up_at"]);
        Assert.False(errors.ContainsKey("follow_up_at"));
    }

    [Fact]
    public void Both_time_errors_are_reported_together()
    {
        var errors = Rule.Run(e => FollowUpRules.CheckTimes(Now.AddDays(1), Now, Now, e));

        Assert.Equal(["follow_up_at", "next_follow_up_at"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Next_follow_up_may_lie_in_the_future() =>
        Assert.Empty(Rule.Run(e => FollowUpRules.CheckTimes(Now, Now.AddDays(30), Now, e)));
}
