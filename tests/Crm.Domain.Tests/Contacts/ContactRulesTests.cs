using Crm.Domain.Contacts;

namespace Crm.Domain.Tests.Contacts;

public class ContactRulesTests
{
    private const string MobileInvalid = "手机号码格式不正确，应为11位中国大陆手机号";
    private const string PhoneInvalid = "座机号码格式不正确，应带区号，如 021-88888888，可加分机号";
    private const string EmailInvalid = "电子邮箱格式不正确";

    [Theory]
    [InlineData("13800138000")]
    [InlineData(" 13800138000 ")]
    [InlineData("138 0013 8000")]
    [InlineData("138-0013-8000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("+8613800138000")]
    [InlineData("86-138-0013-8000")]
    [InlineData("8613800138000")]
    [InlineData("0086 138 0013 8000")]
    [InlineData("(+86) 138-0013-8000")]
    [InlineData("１３８００１３８０００")]
    [InlineData("＋８６ １３８－００１３－８０００")]
    [InlineData("138\u00A00013\u00A08000")]
    [InlineData("138–0013–8000")]
    public void Mobile_is_stored_as_its_eleven_digits(string input)
    {
        var (mobile, errors) = Rule.Run(e => ContactRules.Mobile(input, e));

        Assert.Equal("13800138000", mobile);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("13012345678")]
    [InlineData("14512345678")]
    [InlineData("15912345678")]
    [InlineData("16612345678")]
    [InlineData("17712345678")]
    [InlineData("18812345678")]
    [InlineData("19912345678")]
    public void Every_mainland_mobile_prefix_from_13_to_19_is_accepted(string input)
    {
        var (mobile, errors) = Rule.Run(e => ContactRules.Mobile(input, e));

        Assert.Equal(input, mobile);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_mobile_is_no_mobile(string? input)
    {
        var (mobile, errors) = Rule.Run(e => ContactRules.Mobile(input, e));

        Assert.Null(mobile);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("12800138000")]
    [InlineData("11800138000")]
    [InlineData("23800138000")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("1380013800a")]
    [InlineData("abcdefghijk")]
    [InlineData("+85213800138000")]
    [InlineData("+86 12800138000")]
    [InlineData("021-88888888")]
    [InlineData("138.0013.8000")]
    [InlineData("١٣٨٠٠١٣٨٠٠٠")]
    public void Anything_but_a_mainland_mobile_number_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => ContactRules.Mobile(input, e));

        Assert.Equal([MobileInvalid], errors["mobile"]);
    }

    [Fact]
    public void Rejected_mobile_is_kept_as_typed_for_correction()
    {
        var (mobile, _) = Rule.Run(e => ContactRules.Mobile(" 1380013800 ", e));

        Assert.Equal("1380013800", mobile);
    }

    [Theory]
    [InlineData("021-88888888", "021-88888888")]
    [InlineData("0755-12345678", "0755-12345678")]
    [InlineData("(010)12345678", "010-12345678")]
    [InlineData("（010）12345678", "010-12345678")]
    [InlineData("(0755) 1234 5678", "0755-12345678")]
    [InlineData("010 1234 5678", "010-12345678")]
    [InlineData("010-1234-5678", "010-12345678")]
    [InlineData("01012345678", "010-12345678")]
    [InlineData("075512345678", "0755-12345678")]
    [InlineData("02188888888", "021-88888888")]
    [InlineData("0571-8888888", "0571-8888888")]
    [InlineData("021-8888888", "021-8888888")]
    [InlineData("+86 21 8888 8888", "021-88888888")]
    [InlineData("+86-755-12345678", "0755-12345678")]
    [InlineData("0086 21 88888888", "021-88888888")]
    [InlineData("+86 (021) 88888888", "021-88888888")]
    [InlineData("０２１－８８８８８８８８", "021-88888888")]
    public void Landline_is_stored_as_area_code_dash_number(string input, string expected)
    {
        var (phone, errors) = Rule.Run(e => ContactRules.Phone(input, e));

        Assert.Equal(expected, phone);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("021-88888888-123", "021-88888888-123")]
    [InlineData("021-88888888转123", "021-88888888-123")]
    [InlineData("021-88888888 转 8001", "021-88888888-8001")]
    [InlineData("021-88888888分机123", "021-88888888-123")]
    [InlineData("021-88888888 ext123", "021-88888888-123")]
    [InlineData("021-88888888 EXT. 123", "021-88888888-123")]
    [InlineData("021-88888888x123", "021-88888888-123")]
    [InlineData("021-88888888#123", "021-88888888-123")]
    [InlineData("(010)12345678-1", "010-12345678-1")]
    [InlineData("010 1234 5678 转 123456", "010-12345678-123456")]
    [InlineData("0755-1234567-89", "0755-1234567-89")]
    public void Landline_extension_is_kept_after_a_dash(string input, string expected)
    {
        var (phone, errors) = Rule.Run(e => ContactRules.Phone(input, e));

        Assert.Equal(expected, phone);
        Assert.Empty(errors);
        Assert.True(expected.Length <= ContactRules.PhoneMax);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_landline_is_no_landline(string? input)
    {
        var (phone, errors) = Rule.Run(e => ContactRules.Phone(input, e));

        Assert.Null(phone);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("88888888")]
    [InlineData("21-88888888")]
    [InlineData("13800138000")]
    [InlineData("021-888888")]
    [InlineData("021-888888888")]
    [InlineData("011-88888888")]
    [InlineData("0-88888888")]
    [InlineData("021-88888888-1234567")]
    [InlineData("021-88888888转")]
    [InlineData("021-88888888转1234567")]
    [InlineData("021-8888abcd")]
    [InlineData("021.88888888")]
    [InlineData("+1 212 555 0100")]
    [InlineData("021-88888888 or 021-66666666")]
    public void Anything_but_a_landline_with_area_code_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => ContactRules.Phone(input, e));

        Assert.Equal([PhoneInvalid], errors["phone"]);
    }

    [Fact]
    public void Very_long_landline_input_is_rejected()
    {
        var errors = Rule.ChineseErrors(e => ContactRules.Phone(string.Concat(Enumerable.Repeat("021-88888888 ", 1000)), e));

        Assert.Equal([PhoneInvalid], errors["phone"]);
    }

    [Theory]
    [InlineData("zhang.san@example.com", "zhang.san@example.com")]
    [InlineData("  Zhang.San@Example.COM ", "Zhang.San@Example.COM")]
    [InlineData("sales+crm@mail.example.com.cn", "sales+crm@mail.example.com.cn")]
    [InlineData("a_b-c@my-company.cn", "a_b-c@my-company.cn")]
    [InlineData("123456@qq.com", "123456@qq.com")]
    [InlineData("张三@例子.中国", "张三@例子.中国")]
    [InlineData("x@example.xn--fiqs8s", "x@example.xn--fiqs8s")]
    public void Valid_email_is_trimmed_and_kept_as_typed(string input, string expected)
    {
        var (email, errors) = Rule.Run(e => ContactRules.Email(input, e));

        Assert.Equal(expected, email);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Blank_email_is_no_email(string? input)
    {
        var (email, errors) = Rule.Run(e => ContactRules.Email(input, e));

        Assert.Null(email);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("zhangsan")]
    [InlineData("zhangsan@")]
    [InlineData("@example.com")]
    [InlineData("zhangsan@example")]
    [InlineData("zhang san@example.com")]
    [InlineData("zhangsan@exam ple.com")]
    [InlineData("zhang@san@example.com")]
    [InlineData(".zhangsan@example.com")]
    [InlineData("zhangsan.@example.com")]
    [InlineData("zhang..san@example.com")]
    [InlineData("zhangsan@.example.com")]
    [InlineData("zhangsan@example.com.")]
    [InlineData("zhangsan@example..com")]
    [InlineData("zhangsan@-example.com")]
    [InlineData("zhangsan@example-.com")]
    [InlineData("zhangsan@127.0.0.1")]
    [InlineData("zhangsan＠example.com")]
    [InlineData("张三 <zhangsan@example.com>")]
    [InlineData("zhangsan@example.com,lisi@example.com")]
    [InlineData("zhang\u200Bsan@example.com")]
    public void Invalid_email_is_rejected(string input)
    {
        var errors = Rule.ChineseErrors(e => ContactRules.Email(input, e));

        Assert.Equal([EmailInvalid], errors["email"]);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Email_may_have_at_most_100_characters(int length, bool accepted)
    {
        const string domain = "@example.com";
        string[] expected = accepted ? [] : ["电子邮箱不能超过100个字符"];

        var errors = Rule.ChineseErrors(e => ContactRules.Email(new string('a', length - domain.Length) + domain, e));

        Assert.Equal(expected, errors.GetValueOrDefault("email", []));
    }

    [Fact]
    public void Email_length_counts_characters_not_utf16_units()
    {
        const string domain = "@example.com";
        var (_, errors) = Rule.Run(e => ContactRules.Email(string.Concat(Enumerable.Repeat("𠀀", 100 - domain.Length)) + domain, e));

        Assert.Empty(errors);
    }
}
