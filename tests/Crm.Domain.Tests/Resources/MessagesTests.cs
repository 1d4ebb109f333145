using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.FollowUps;
using Crm.Domain.Resources;
using Crm.Domain.Users;

namespace Crm.Domain.Tests.Resources;

public partial class MessagesTests
{
    private static readonly ResourceManager Manager = new("Crm.Domain.Resources.Messages", typeof(Messages).Assembly);

    public static TheoryData<string> MessageProperties => new(
        typeof(Messages).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => p.Name));

    [Theory]
    [MemberData(nameof(MessageProperties))]
    public void Every_message_has_a_chinese_and_a_different_english_text(string property)
    {
        var getter = typeof(Messages).GetProperty(property)!;

        string chinese, english;
        using (UiCulture.Chinese())
        {
            chinese = (string)getter.GetValue(null)!;
        }

        using (UiCulture.English())
        {
            english = (string)getter.GetValue(null)!;
        }

        Assert.False(string.IsNullOrWhiteSpace(chinese));
        Assert.False(string.IsNullOrWhiteSpace(english));
        Assert.NotEqual(property, chinese);
        Assert.NotEqual(property, english);
        Assert.NotEqual(chinese, english);
        Assert.Matches(Cjk(), chinese);
    }

    [Fact]
    public void Chinese_is_the_default_for_cultures_without_a_translation()
    {
        string chinese, fallback;
        using (UiCulture.Chinese())
        {
            chinese = Messages.CustomerNotFound;
        }

        using (UiCulture.Use("fr-FR"))
        {
            fallback = Messages.CustomerNotFound;
        }

        Assert.Equal("客户不存在", chinese);
        Assert.Equal(chinese, fallback);
    }

    [Fact]
    public void English_is_used_for_every_english_culture()
    {
        using var _ = UiCulture.Use("en-GB");

        Assert.Equal("Customer not found", Messages.CustomerNotFound);
    }

    [Fact]
    public void Every_chinese_resource_has_an_english_translation_and_no_more()
    {
        var chinese = Entries(CultureInfo.InvariantCulture);
        var english = Entries(CultureInfo.GetCultureInfo("en"));

        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(chinese.Keys));
    }

    [Fact]
    public void Chinese_resources_are_chinese_and_english_resources_are_not()
    {
        var notChinese = Entries(CultureInfo.InvariantCulture).Where(e => !Cjk().IsMatch(e.Value)).Select(e => e.Key);
        var notEnglish = Entries(CultureInfo.GetCultureInfo("en")).Where(e => Cjk().IsMatch(e.Value)).Select(e => e.Key);

        Assert.Empty(notChinese);
        Assert.Empty(notEnglish);
    }

    [Fact]
    public void Both_languages_use_the_same_format_placeholders()
    {
        var chinese = Entries(CultureInfo.InvariantCulture);
        var english = Entries(CultureInfo.GetCultureInfo("en"));

        var mismatched = chinese.Keys
            .Where(key => english.ContainsKey(key) && Placeholders(chinese[key]) != Placeholders(english[key]))
            .ToList();

        Assert.Empty(mismatched);
    }

    public static TheoryData<string> EnumDisplayKeys => new(
        EnumText<CustomerType>.Names.Select(n => "CustomerType_" + n)
            .Concat(EnumText<CustomerStatus>.Names.Select(n => "Status_" + n))
            .Concat(EnumText<UserRole>.Names.Select(n => "Role_" + n))
            .Concat(EnumText<FollowUpMethod>.Names.Select(n => "FollowUpMethod_" + n)));

    [Theory]
    [MemberData(nameof(EnumDisplayKeys))]
    public void Every_choice_has_a_display_name(string key)
    {
        Assert.Contains(key, Entries(CultureInfo.InvariantCulture).Keys);
        Assert.Contains(key, Entries(CultureInfo.GetCultureInfo("en")).Keys);
    }

    [Theory]
    [InlineData("FollowUpMethod_phone", "电话", "Phone call")]
    [InlineData("FollowUpMethod_visit", "拜访", "Visit")]
    [InlineData("FollowUpMethod_wechat", "微信", "WeChat")]
    [InlineData("FollowUpMethod_email", "邮件", "Email")]
    [InlineData("FollowUpMethod_meeting", "会议", "Meeting")]
    [InlineData("FollowUpMethod_other", "其他", "Other")]
    [InlineData("Label_ContactName", "姓名", "Name")]
    [InlineData("Label_Phone", "座机", "Landline")]
    [InlineData("Label_TagName", "标签名称", "Tag name")]
    [InlineData("Label_NextFollowUpAt", "下次跟进时间", "Next follow-up")]
    public void Contact_tag_and_follow_up_names_read_naturally(string key, string chinese, string english)
    {
        using (UiCulture.Chinese())
        {
            Assert.Equal(chinese, Messages.Get(key));
        }

        using (UiCulture.English())
        {
            Assert.Equal(english, Messages.Get(key));
        }
    }

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        var set = Manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static string Placeholders(string text) =>
        string.Join(",", PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));

    [GeneratedRegex("\\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex("\\{[0-9]+\\}")]
    private static partial Regex PlaceholderPattern();
}
