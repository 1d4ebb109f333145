using Crm.Domain.Transfers;

namespace Crm.Domain.Tests.Transfers;

public class TransferRulesTests
{
    [Theory]
    [InlineData(null, true, "转移原因不能为空")]
    [InlineData("   ", true, "转移原因不能为空")]
    [InlineData("客户搬到了华南区", true, null)]
    [InlineData(null, false, null)]
    public void A_salesperson_must_give_a_reason_an_admin_need_not(string? reason, bool required, string? expectedError)
    {
        var errors = Rule.ChineseErrors(e => TransferRules.Reason(reason, required, e));
        if (expectedError is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(expectedError, Assert.Single(errors["reason"]));
        }
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(501, true)]
    public void Reason_and_comment_hold_at_most_500_characters(int length, bool tooLong)
    {
        // Code points, not UTF-16 units: 500 emoji fit.
        var text = string.Concat(Enumerable.Repeat("😀", length));
        Assert.Equal(tooLong, Rule.Run(e => TransferRules.Reason(text, required: true, e)).Errors.ContainsKey("reason"));
        Assert.Equal(tooLong, Rule.Run(e => TransferRules.Comment(text, e)).Errors.ContainsKey("comment"));
    }

    [Fact]
    public void Reason_is_trimmed_and_an_empty_comment_is_none()
    {
        Assert.Equal("换区", Rule.Run(e => TransferRules.Reason("  换区 ", required: true, e)).Value);
        Assert.Null(Rule.Run(e => TransferRules.Comment("  ", e)).Value);
    }

    public static TheoryData<long, long, bool?, string?> Targets => new()
    {
        { 20, 10, true, null },
        { 10, 10, true, "接收人不能是当前负责销售" },
        { 20, 10, false, "接收人必须是已启用的用户" },
        { 20, 10, null, "接收人必须是已启用的用户" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_receiver_is_an_active_user_other_than_the_owner(long target, long owner, bool? active, string? expected)
    {
        using var _ = UiCulture.Chinese();
        Assert.Equal(expected, TransferRules.TargetProblem(target, owner, active));
    }
}
