using System.Globalization;
using Crm.Web.Components.Shared;

namespace Crm.Web.Tests.Customers;

/// <summary>An estimated total as people say it: 万 and 亿 in Chinese, digit groups in English (decision 0066).</summary>
public sealed class ApproxCountTests
{
    [Theory]
    [InlineData(33_000, "zh-CN", "3.3 万")]
    [InlineData(10_000, "zh-CN", "1 万")]
    [InlineData(120_000, "zh-CN", "12 万")]
    [InlineData(1_200_000, "zh-CN", "120 万")]
    [InlineData(99_000_000, "zh-CN", "9900 万")]
    [InlineData(120_000_000, "zh-CN", "1.2 亿")]
    [InlineData(9_900, "zh-CN", "9,900")]
    [InlineData(32, "zh-CN", "32")]
    [InlineData(33_000, "en", "33,000")]
    [InlineData(1_200_000, "en", "1,200,000")]
    public void An_estimate_is_written_as_people_say_it(long count, string culture, string expected) =>
        Assert.Equal(expected, ApproxCount.Format(count, CultureInfo.GetCultureInfo(culture)));
}
