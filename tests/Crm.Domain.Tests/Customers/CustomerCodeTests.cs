using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public class CustomerCodeTests
{
    [Theory]
    [InlineData(1, "CUS202602150001")]
    [InlineData(42, "CUS202602150042")]
    [InlineData(9999, "CUS202602159999")]
    [InlineData(10000, "CUS2026021510000")]
    public void Generated_code_is_prefix_business_date_and_daily_sequence(long sequence, string expected) =>
        Assert.Equal(expected, CustomerCode.Generate(new DateOnly(2026, 2, 15), sequence));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Sequence_starts_at_one(long sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerCode.Generate(new DateOnly(2026, 2, 15), sequence));

    [Fact]
    public void Day_key_is_the_business_date() =>
        Assert.Equal("20260215", CustomerCode.DayKey(new DateOnly(2026, 2, 15)));

    [Theory]
    [InlineData("A")]
    [InlineData("CUS-2026_001")]
    [InlineData("abc123")]
    [InlineData("12345678901234567890123456789012")]
    public void Manual_code_of_letters_digits_underscore_and_dash_is_accepted(string code) =>
        Assert.True(CustomerCode.IsValidManual(code));

    [Theory]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123")]
    [InlineData("客户001")]
    [InlineData("CUS 001")]
    [InlineData("CUS.001")]
    [InlineData("CUS/001")]
    [InlineData("ＣＵＳ001")]
    public void Manual_code_with_anything_else_is_rejected(string code) =>
        Assert.False(CustomerCode.IsValidManual(code));

    [Theory]
    [InlineData("cus-a1", "CUS-A1")]
    [InlineData("Cus_a1", "cUS_A1")]
    public void Codes_differing_only_in_case_are_the_same_code(string one, string other) =>
        Assert.Equal(CustomerCode.Normalize(one), CustomerCode.Normalize(other));

    [Fact]
    public void Codes_with_different_characters_stay_different() =>
        Assert.NotEqual(CustomerCode.Normalize("CUS-A1"), CustomerCode.Normalize("CUS-A2"));
}
