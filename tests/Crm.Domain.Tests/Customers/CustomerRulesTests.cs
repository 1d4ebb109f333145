using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public class CustomerRulesTests
{
    [Theory]
    [InlineData("http://example.com", "http://example.com")]
    [InlineData("https://www.example.com.cn/about?lang=zh", "https://www.example.com.cn/about?lang=zh")]
    [InlineData("  https://example.com  ", "https://example.com")]
    [InlineData("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM")]
    [InlineData("https://例子.中国", "https://例子.中国")]
    public void Http_and_https_websites_are_accepted_as_typed(string input, string expected)
    {
        var (website, errors) = Rule.Run(e => CustomerRules.Website(input, e));

        Assert.Equal(expected, website);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_website_is_no_website(string? input)
    {
        var (website, errors) = Rule.Run(e => CustomerRules.Website(input, e));

        Assert.Null(website);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:sales@example.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("www.example.com")]
    [InlineData("http://")]
    [InlineData("https:///path-only")]
    [InlineData("http://exa mple.com")]
    [InlineData("https://example.com/a b")]
    public void Anything_but_an_http_address_with_a_host_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => CustomerRules.Website(input, e));

        Assert.Equal(["公司网址必须是以 http:// 或 https:// 开头的有效网址"], errors["website"]);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Website_may_have_at_most_200_characters(int length, bool accepted)
    {
        const string start = "https://example.com/";
        string[] expected = accepted ? [] : ["公司网址不能超过200个字符"];

        var errors = Rule.ChineseErrors(e => CustomerRules.Website(start + new string('a', length - start.Length), e));

        Assert.Equal(expected, errors.GetValueOrDefault("website", []));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData(" CUS-001 ", "CUS-001")]
    [InlineData("my_code_1", "my_code_1")]
    public void Manual_code_is_trimmed_and_blank_means_generate(string? input, string? expected)
    {
        var (code, errors) = Rule.Run(e => CustomerRules.ManualCode(input, e));

        Assert.Equal(expected, code);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("客户001")]
    [InlineData("CUS 001")]
    [InlineData("123456789012345678901234567890123")]
    public void Manual_code_outside_the_pattern_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => CustomerRules.ManualCode(input, e));

        Assert.Equal(["客户编号只能包含字母、数字、下划线和短横线，最长32个字符"], errors["customer_code"]);
    }
}
