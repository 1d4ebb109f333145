using Crm.Web.Data.Search;

namespace Crm.Web.Tests.Customers;

public sealed class PinyinTests
{
    [Theory]
    [InlineData("长江", "changjiang zhangjiang cj zj")]
    [InlineData("重庆", "chongqing cq")]
    [InlineData("厦门", "xiamen xm")]
    [InlineData("银行", "yinhang yh")]
    [InlineData("成都", "chengdu cd")]
    [InlineData("长沙", "changsha zhangsha cs zs")]
    [InlineData("音乐", "yinyue yy")]
    [InlineData("绿地Park", "lvdipark lvdepark ludipark ludepark ldpark")]
    [InlineData("abc", "")]
    public void Spellings_are_the_word_reading_or_every_reading_full_pinyin_then_initials(string text, string expected)
    {
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), Pinyin.Of(text));
    }

    [Fact]
    public void The_usual_reading_comes_first_and_spellings_are_capped()
    {
        // Five characters with several readings each: far more combinations than the cap.
        var spellings = Pinyin.Of("长乐重行和");
        var full = spellings.Where(s => s.Length > 5).ToList();
        var initials = spellings.Where(s => s.Length == 5).ToList();
        Assert.Equal("changlezhongxinghe", full[0]);
        Assert.Equal("clzxh", initials[0]);
        Assert.Equal(Pinyin.MaxSpellings, full.Count);
        Assert.Equal(Pinyin.MaxSpellings, initials.Count);
        Assert.Equal(full.Count, full.Distinct().Count());
    }

    [Fact]
    public void Second_readings_of_two_characters_come_before_a_rare_reading_of_one()
    {
        // 乐 reads le, yue, yao, lao; 曾 ceng, zeng.
        var spellings = Pinyin.Of("曾乐乐");
        Assert.Equal("cenglele", spellings[0]);
        Assert.Contains("cengyueyue", spellings);
        Assert.Contains("zengleyue", spellings);
        Assert.DoesNotContain("cenglaolao", spellings);
    }

    [Fact]
    public void Over_long_text_is_spelt_up_to_the_cap_without_exhausting_the_stack()
    {
        // 200,000 polyphonic characters once overflowed the stack and took the whole app down.
        var spellings = Pinyin.Of(new string('长', 200_000));
        Assert.Equal(string.Concat(Enumerable.Repeat("chang", Pinyin.MaxElements)), spellings[0]);
    }
}
