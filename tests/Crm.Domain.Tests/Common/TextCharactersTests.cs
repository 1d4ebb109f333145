using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

/// <summary>Which characters a text field may hold (decision 0028). Inputs are written as escapes so the table shows them.</summary>
public class TextCharactersTests
{
    [Theory]
    [InlineData("星河科技有限公司")]
    [InlineData("ACME Ltd. (上海)")]
    [InlineData("😀👍🏻🎉")]
    [InlineData("👨\u200d👩\u200d👧 家庭")]
    [InlineData("❤\ufe0f")]
    [InlineData("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f")]
    [InlineData("'; DROP TABLE customers; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("../../etc/passwd")]
    [InlineData("עברית\u200fעם סימן")]
    public void Ordinary_text_is_accepted_on_one_line(string value) =>
        Assert.Null(TextCharacters.Problem(value, TextKind.SingleLine));

    [Theory]
    [InlineData("a\u0000b", "TextControlChars")]
    [InlineData("\u001b[31mred", "TextControlChars")]
    [InlineData("bell\u0007", "TextControlChars")]
    [InlineData("del\u007f", "TextControlChars")]
    [InlineData("c1\u0085", "TextControlChars")]
    [InlineData("two\nlines", "TextLineBreak")]
    [InlineData("carriage\rreturn", "TextLineBreak")]
    [InlineData("tab\tbed", "TextLineBreak")]
    [InlineData("line\u2028separator", "TextLineBreak")]
    [InlineData("invoice\u202efdp.exe", "TextBidiControl")]
    [InlineData("\u202aembedded", "TextBidiControl")]
    [InlineData("isolate\u2067x\u2069", "TextBidiControl")]
    [InlineData("non\ufffecharacter", "TextMalformed")]
    [InlineData("non\ufdd0character", "TextMalformed")]
    public void Control_characters_line_breaks_and_direction_overrides_are_refused_on_one_line(string value, string problem) =>
        Assert.Equal(problem, TextCharacters.Problem(value, TextKind.SingleLine));

    [Theory]
    [InlineData("第一行\n第二行")]
    [InlineData("第一行\r\n第二行")]
    [InlineData("项目\t金额")]
    [InlineData("מסמך\u202eמוזר")]
    public void A_paragraph_may_hold_tabs_line_breaks_and_direction_controls(string value) =>
        Assert.Null(TextCharacters.Problem(value, TextKind.MultiLine));

    [Theory]
    [InlineData("a\u0000b", "TextControlChars")]
    [InlineData("\u001b[2J", "TextControlChars")]
    [InlineData("vertical\u000btab", "TextControlChars")]
    public void A_paragraph_still_refuses_nul_and_other_control_characters(string value, string problem) =>
        Assert.Equal(problem, TextCharacters.Problem(value, TextKind.MultiLine));

    [Fact]
    public void A_lone_surrogate_is_malformed_anywhere()
    {
        // Built at run time: a lone surrogate does not survive being stored in an attribute.
        foreach (var value in new[] { "a" + '\uD800', '\uDC00' + "b", "x" + '\uD800' + "y" })
        {
            Assert.False(TextCharacters.IsWellFormed(value));
            Assert.Equal("TextMalformed", TextCharacters.Problem(value, TextKind.SingleLine));
            Assert.Equal("TextMalformed", TextCharacters.Problem(value, TextKind.MultiLine));
        }

        Assert.True(TextCharacters.IsWellFormed("𠀀😀"));
    }

    [Theory]
    [InlineData("\u200b")]
    [InlineData("\ufeff")]
    [InlineData("\u200b\u200b")]
    [InlineData("\u200e\u200f")]
    [InlineData("\u2060\u00ad")]
    [InlineData("\u3164")]
    [InlineData("\u2800")]
    [InlineData("\ufe0f")]
    [InlineData(" \u200b \u3000")]
    public void Text_made_only_of_invisible_characters_counts_as_empty(string value) => Assert.Null(Text.Clean(value));

    [Theory]
    [InlineData("\u200b客户", "\u200b客户")]
    [InlineData("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧")]
    [InlineData(" . ", ".")]
    public void Text_with_anything_visible_is_kept(string value, string expected) => Assert.Equal(expected, Text.Clean(value));
}
