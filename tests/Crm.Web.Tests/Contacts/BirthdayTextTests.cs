using Crm.Web.Features.Contacts;
using Crm.Web.Resources;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Tests.Contacts;

/// <summary>近期生日 words the distance to a birthday as 今天 or 还有 N 天.</summary>
[Collection("api")]
public sealed class BirthdayTextTests : UiComponentContext
{
    private IStringLocalizer<UiText> L => Services.GetRequiredService<IStringLocalizer<UiText>>();

    [Theory]
    [InlineData(0, "今天")]
    [InlineData(1, "还有 1 天")]
    [InlineData(29, "还有 29 天")]
    public void Days_until_a_birthday(int days, string expected) =>
        Assert.Equal(expected, BirthdayText.DaysUntil(L, days));

    [Fact]
    public void The_windows_are_a_week_a_month_and_a_quarter() =>
        Assert.Equal([7, 30, 90], BirthdayText.Windows);

    [Fact]
    public void The_date_is_shown_whole_or_as_a_dash()
    {
        Assert.Equal("1985-03-07", BirthdayText.Date(new DateOnly(1985, 3, 7)));
        Assert.Equal("—", BirthdayText.Date(null));
    }
}
