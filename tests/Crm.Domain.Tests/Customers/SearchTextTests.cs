using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public sealed class SearchTextTests
{
    private static IReadOnlyList<string> FakePinyin(string text) => ["py" + text.Length, "ini"];

    [Fact]
    public void Two_Chinese_characters_become_a_three_character_needle_a_trigram_index_can_find()
    {
        Assert.Equal("精\u001e密", SearchText.Needle("精密"));
        Assert.Single(SearchText.Trigrams(SearchText.Needle("精密")!));
        Assert.Empty(SearchText.Trigrams(SearchText.Needle("精")!));
        Assert.Empty(SearchText.Trigrams(SearchText.Needle("ab")!));
    }

    [Fact]
    public void Keywords_with_control_characters_match_nothing() => Assert.Null(SearchText.Needle("a\tb"));

    [Fact]
    public void Search_text_holds_lower_cased_fields_and_pinyin_only_for_Chinese_fields()
    {
        var text = SearchText.Build("Acme上海", "ACME", "CUS202602150001", FakePinyin);
        var fields = text.Split(SearchText.FieldSeparator);
        Assert.Equal(["acme\u001e上\u001e海", "acme", "cus202602150001", "py6", "ini"], fields);
    }

    [Fact]
    public void Contact_fields_carry_the_pinyin_of_the_named_texts_only()
    {
        var text = SearchText.Fields(["王伟", "13800000000", null, "长江实业"], FakePinyin, "王伟", null);
        Assert.Equal(["王\u001e伟", "13800000000", "", "长\u001e江\u001e实\u001e业", "py2", "ini"], text.Split(SearchText.FieldSeparator));
    }

    [Theory]
    [InlineData("上海精密机械有限公司", "精密", true)]
    [InlineData("上海精密机械有限公司", "海精密机", true)]
    [InlineData("上海精密机械有限公司", "密精", false)]
    [InlineData("ABC上海", "c上", true)]
    [InlineData("ABC上海", "bc", true)]
    [InlineData("A B上", "b上", true)]
    [InlineData("A B上", "a b", true)]
    [InlineData("100%_纯", "%_纯", true)]
    [InlineData("上海", "上 海", false)]
    public void Fenced_keyword_is_in_the_fenced_text_exactly_when_the_keyword_is_in_the_field(string field, string keyword, bool expected)
    {
        var text = SearchText.Build(field, null, "X", FakePinyin);
        var first = text.Split(SearchText.FieldSeparator)[0];
        Assert.Equal(expected, field.ToLowerInvariant().Contains(keyword.ToLowerInvariant(), StringComparison.Ordinal));
        Assert.Equal(expected, first.Contains(SearchText.Needle(keyword)!, StringComparison.Ordinal));
    }

    [Fact]
    public void Fencing_preserves_substring_matches_on_random_mixed_text()
    {
        var random = new Random(11);
        const string alphabet = "上海精密机a bC1%_";
        for (var i = 0; i < 2000; i++)
        {
            var field = new string(Enumerable.Range(0, 1 + random.Next(10)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var keyword = new string(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var text = SearchText.Build(field, null, "X", FakePinyin).Split(SearchText.FieldSeparator)[0];
            var plain = field.ToLowerInvariant().Contains(keyword.ToLowerInvariant(), StringComparison.Ordinal);
            Assert.True(plain == text.Contains(SearchText.Needle(keyword)!, StringComparison.Ordinal), $"field '{field}', keyword '{keyword}'");
        }
    }
}
