using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.FollowUps;
using Crm.Domain.Users;

namespace Crm.Domain.Tests.Common;

public class EnumTextTests
{
    [Fact]
    public void Enum_values_travel_as_lower_case_names_and_grades_as_letters()
    {
        Assert.Equal("enterprise", EnumText<CustomerType>.Name(CustomerType.Enterprise));
        Assert.Equal("potential", EnumText<CustomerStatus>.Name(CustomerStatus.Potential));
        Assert.Equal("admin", EnumText<UserRole>.Name(UserRole.Admin));
        Assert.Equal("A", EnumText<CustomerLevel>.Name(CustomerLevel.A));
        Assert.Equal("wechat", EnumText<FollowUpMethod>.Name(FollowUpMethod.Wechat));
    }

    [Fact]
    public void Allowed_values_are_listed_in_declaration_order()
    {
        Assert.Equal(["potential", "prospect", "customer", "lost"], EnumText<CustomerStatus>.Names);
        Assert.Equal(["A", "B", "C", "D"], EnumText<CustomerLevel>.Names);
        Assert.Equal(["phone", "visit", "wechat", "email", "meeting", "other"], EnumText<FollowUpMethod>.Names);
    }

    [Theory]
    [InlineData("enterprise", CustomerType.Enterprise)]
    [InlineData("ENTERPRISE", CustomerType.Enterprise)]
    [InlineData(" Individual ", CustomerType.Individual)]
    public void Customer_type_is_parsed_case_insensitively(string text, CustomerType expected) => AssertParses(text, expected);

    [Theory]
    [InlineData("a", CustomerLevel.A)]
    [InlineData("D", CustomerLevel.D)]
    public void Grade_is_parsed_case_insensitively(string text, CustomerLevel expected) => AssertParses(text, expected);

    [Theory]
    [InlineData("Meeting", FollowUpMethod.Meeting)]
    [InlineData("other", FollowUpMethod.Other)]
    public void Follow_up_method_is_parsed_case_insensitively(string text, FollowUpMethod expected) => AssertParses(text, expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("vip")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("潜在客户")]
    public void Unknown_status_text_is_rejected(string? text) =>
        Assert.False(EnumText<CustomerStatus>.TryParse(text, out _));

    [Theory]
    [InlineData("E")]
    [InlineData("AA")]
    public void Unknown_grade_is_rejected(string text) =>
        Assert.False(EnumText<CustomerLevel>.TryParse(text, out _));

    private static void AssertParses<T>(string text, T expected)
        where T : struct, Enum
    {
        Assert.True(EnumText<T>.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
    }
}
