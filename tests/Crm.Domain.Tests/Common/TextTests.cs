using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

public class TextTests
{
    [Theory]
    [InlineData("  客户  ", "客户")]
    [InlineData("a b", "a b")]
    [InlineData("\t上海\n", "上海")]
    [InlineData("\u3000全角空格\u3000", "全角空格")]
    public void Text_is_trimmed(string input, string expected) => Assert.Equal(expected, Text.Clean(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u3000")]
    public void Empty_or_whitespace_text_is_null(string? input) => Assert.Null(Text.Clean(input));

    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("客户", 2)]
    [InlineData("𠀀", 1)]
    [InlineData("a𠀀b", 3)]
    [InlineData("😀😀", 2)]
    public void Length_counts_characters_as_a_person_sees_them(string input, int expected) =>
        Assert.Equal(expected, Text.Length(input));

    [Fact]
    public void A_broken_surrogate_still_counts_as_one_character()
    {
        // Built at run time: a lone surrogate does not survive being stored in an attribute.
        var broken = new string('\uD800', 1) + "a";

        Assert.Equal(2, Text.Length(broken));
    }

    [Theory]
    [InlineData("字", 50, true)]
    [InlineData("𠀀", 50, true)]
    [InlineData("字", 51, false)]
    [InlineData("𠀀", 51, false)]
    public void Optional_text_may_have_up_to_the_limit_in_characters(string character, int count, bool accepted)
    {
        var input = string.Concat(Enumerable.Repeat(character, count));
        string[] expected = accepted ? [] : ["客户简称不能超过50个字符"];

        var errors = Rule.ChineseErrors(e => Text.Optional(input, 50, "short_name", "Label_ShortName", e));

        Assert.Equal(expected, errors.GetValueOrDefault("short_name", []));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Blank_optional_text_is_null_without_error(string? input)
    {
        var (text, errors) = Rule.Run(e => Text.Optional(input, 50, "short_name", "Label_ShortName", e));

        Assert.Null(text);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_required_text_is_reported_in_chinese_with_the_label(string? input)
    {
        var errors = Rule.ChineseErrors(e => Text.Required(input, 200, "name", "Label_CustomerName", e));

        Assert.Equal(["客户名称不能为空"], errors["name"]);
    }

    [Fact]
    public void Required_text_over_the_limit_is_reported_in_chinese_with_the_label()
    {
        var errors = Rule.ChineseErrors(e => Text.Required(new string('a', 201), 200, "name", "Label_CustomerName", e));

        Assert.Equal(["客户名称不能超过200个字符"], errors["name"]);
    }

    [Fact]
    public void Required_text_is_trimmed()
    {
        var (name, errors) = Rule.Run(e => Text.Required(" 上海某某科技有限公司 ", 200, "name", "Label_CustomerName", e));

        Assert.Equal("上海某某科技有限公司", name);
        Assert.Empty(errors);
    }

    [Fact]
    public void Messages_follow_the_ui_language()
    {
        using var _ = UiCulture.English();

        var (_, errors) = Rule.Run(e => Text.Required(null, 200, "name", "Label_CustomerName", e));

        Assert.Equal(["Customer name is required"], errors["name"]);
    }
}
