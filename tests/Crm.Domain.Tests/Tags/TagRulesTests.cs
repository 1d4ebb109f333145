using Crm.Domain.Tags;

namespace Crm.Domain.Tests.Tags;

public class TagRulesTests
{
    [Fact]
    public void Predefined_tags_are_offered_in_spec_order() =>
        Assert.Equal(["重点客户", "战略客户", "普通客户", "流失客户", "高价值客户", "长期合作", "新客户"], TagRules.Predefined);

    [Theory]
    [InlineData("重点客户", true)]
    [InlineData(" 新客户 ", true)]
    [InlineData("长期合作", true)]
    [InlineData("展会客户", false)]
    [InlineData("重点", false)]
    [InlineData("", false)]
    public void Only_the_seven_predefined_names_are_predefined(string name, bool expected) =>
        Assert.Equal(expected, TagRules.IsPredefined(name));

    [Theory]
    [InlineData("重点客户", "重点客户")]
    [InlineData("  展会客户  ", "展会客户")]
    [InlineData("VIP", "VIP")]
    [InlineData("华东 区域", "华东 区域")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十")]
    [InlineData("𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀", "𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀")]
    public void Tag_name_is_trimmed_and_accepted_up_to_twenty_characters(string input, string expected)
    {
        var (name, errors) = Rule.Run(e => TagRules.Name(input, "tag_name", e));

        Assert.Equal(expected, name);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("123456789012345678901")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一")]
    public void Tag_name_of_twenty_one_characters_is_too_long(string input)
    {
        var errors = Rule.ChineseErrors(e => TagRules.Name(input, "tag_name", e));

        Assert.Equal(["标签名称不能超过20个字符"], errors["tag_name"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000")]
    public void Blank_tag_name_is_required(string? input)
    {
        var errors = Rule.ChineseErrors(e => TagRules.Name(input, "tag_name", e));

        Assert.Equal(["标签名称不能为空"], errors["tag_name"]);
    }

    [Theory]
    [InlineData("重点\n客户")]
    [InlineData("重点\t客户")]
    [InlineData("重点客户\u0000")]
    [InlineData("重点客户\u200B")]
    [InlineData("\u200B重点客户")]
    public void Tag_name_with_control_or_invisible_characters_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => TagRules.Name(input, "tag_names", e));

        Assert.Equal(["标签名称不能包含换行、制表符等控制字符或不可见字符"], errors["tag_names"]);
    }
}
