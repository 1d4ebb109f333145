using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

public class MoneyTests
{
    public static TheoryData<decimal?> ValidAmounts => new()
    {
        null,
        0m,
        0.01m,
        1.2m,
        1.23m,
        1.230m,
        1_000_000m,
        Money.Max,
    };

    [Theory]
    [MemberData(nameof(ValidAmounts))]
    public void Amounts_with_at_most_two_decimals_are_kept_unchanged(decimal? amount)
    {
        var (checkedAmount, errors) = Rule.Run(e => Money.Check(amount, "annual_revenue", "Label_AnnualRevenue", e));

        Assert.Equal(amount, checkedAmount);
        Assert.Empty(errors);
    }

    public static TheoryData<decimal> InvalidAmounts => new()
    {
        -0.01m,
        -1m,
        1.234m,
        0.001m,
    };

    [Theory]
    [MemberData(nameof(InvalidAmounts))]
    public void Negative_amounts_and_more_than_two_decimals_are_rejected_not_rounded(decimal amount)
    {
        using var _ = UiCulture.Chinese();

        var (checkedAmount, errors) = Rule.Run(e => Money.Check(amount, "annual_revenue", "Label_AnnualRevenue", e));

        Assert.Null(checkedAmount);
        Assert.Equal(["年成交额必须是不小于 0 的金额，最多两位小数"], errors["annual_revenue"]);
    }

    [Fact]
    public void Amount_above_the_maximum_is_rejected_with_the_maximum()
    {
        using var _ = UiCulture.Chinese();

        var (checkedAmount, errors) = Rule.Run(e => Money.Check(Money.Max + 0.01m, "credit_limit", "Label_CreditLimit", e));

        Assert.Null(checkedAmount);
        Assert.Equal(["信用额度不能超过10,000,000,000元"], errors["credit_limit"]);
    }

    public static TheoryData<decimal, long> FenConversions => new()
    {
        { 0m, 0 },
        { 0.01m, 1 },
        { 1.2m, 120 },
        { 1234.56m, 123_456 },
        { 99_999.99m, 9_999_999 },
        { Money.Max, 1_000_000_000_000 },
    };

    [Theory]
    [MemberData(nameof(FenConversions))]
    public void Yuan_and_fen_convert_exactly_both_ways(decimal yuan, long fen)
    {
        Assert.Equal(fen, Money.ToFen(yuan));
        Assert.Equal(yuan, Money.FromFen(fen));
        Assert.Equal(yuan, Money.FromFen(Money.ToFen(yuan)));
    }
}
