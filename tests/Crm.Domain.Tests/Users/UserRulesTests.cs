using Crm.Domain.Users;

namespace Crm.Domain.Tests.Users;

public class UserRulesTests
{
    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("zhang.san", "zhang.san")]
    [InlineData("li_si-2", "li_si-2")]
    [InlineData("wang@example.com", "wang@example.com")]
    [InlineData("  zhangsan ", "zhangsan")]
    [InlineData("12345678901234567890123456789012345678901234567890", "12345678901234567890123456789012345678901234567890")]
    public void Username_of_letters_digits_and_separators_is_accepted_trimmed(string input, string expected)
    {
        var (username, errors) = Rule.Run(e => UserRules.Username(input, e));

        Assert.Equal(expected, username);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("123456789012345678901234567890123456789012345678901")]
    [InlineData("张三")]
    [InlineData("zhang san")]
    [InlineData("zhang/san")]
    public void Username_outside_the_pattern_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => UserRules.Username(input, e));

        Assert.Equal(["用户名只能包含字母、数字、下划线、点、@和短横线，长度3到50"], errors["username"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Missing_username_is_required(string? input)
    {
        var errors = Rule.ChineseErrors(e => UserRules.Username(input, e));

        Assert.Equal(["用户名不能为空"], errors["username"]);
    }

    [Theory]
    [InlineData(" Admin ", "ADMIN")]
    [InlineData("zhang.San", "ZHANG.SAN")]
    public void Usernames_differing_only_in_case_are_the_same_user(string username, string expected) =>
        Assert.Equal(expected, UserRules.NormalizeUsername(username));

    [Theory]
    [InlineData("12345678")]
    [InlineData("       8")]
    [InlineData("密码密码密码密码")]
    public void Password_of_eight_characters_is_accepted_as_typed(string input)
    {
        var (password, errors) = Rule.Run(e => UserRules.Password(input, e));

        Assert.Equal(input, password);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null, "密码不能为空")]
    [InlineData("", "密码不能为空")]
    [InlineData("1234567", "密码至少需要8个字符")]
    [InlineData("密码密码密码密", "密码至少需要8个字符")]
    public void Missing_or_short_password_is_rejected(string? input, string expected)
    {
        var errors = Rule.ChineseErrors(e => UserRules.Password(input, e));

        Assert.Equal([expected], errors["password"]);
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Password_may_have_at_most_128_characters(int length, bool accepted)
    {
        string[] expected = accepted ? [] : ["密码不能超过128个字符"];

        var errors = Rule.ChineseErrors(e => UserRules.Password(new string('p', length), e));

        Assert.Equal(expected, errors.GetValueOrDefault("password", []));
    }
}
