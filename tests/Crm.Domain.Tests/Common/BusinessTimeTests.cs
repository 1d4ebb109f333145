using System.Globalization;
using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

public class BusinessTimeTests
{
    private static readonly BusinessTime Shanghai = BusinessTime.For("Asia/Shanghai");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Default_business_zone_is_shanghai(string? zoneId) =>
        Assert.Equal(TimeSpan.FromHours(8), BusinessTime.For(zoneId).Zone.GetUtcOffset(new DateTime(2026, 2, 15, 0, 0, 0, DateTimeKind.Utc)));

    [Fact]
    public void Stored_utc_time_is_shown_in_shanghai_time_with_its_offset()
    {
        var shown = Shanghai.ToBusiness(new DateTime(2026, 2, 15, 2, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTimeOffset(2026, 2, 15, 10, 0, 0, TimeSpan.FromHours(8)), shown);
        Assert.Equal(TimeSpan.FromHours(8), shown.Offset);
    }

    [Fact]
    public void Utc_time_read_back_from_the_database_without_kind_is_still_utc()
    {
        var shown = Shanghai.ToBusiness(new DateTime(2026, 2, 15, 2, 0, 0, DateTimeKind.Unspecified));

        Assert.Equal(new DateTimeOffset(2026, 2, 15, 10, 0, 0, TimeSpan.FromHours(8)), shown);
    }

    [Theory]
    [InlineData("2026-02-15T02:00:00Z", "2026-02-15T02:00:00")]
    [InlineData("2026-02-15T10:00:00+08:00", "2026-02-15T02:00:00")]
    [InlineData("2026-02-14T21:00:00-05:00", "2026-02-15T02:00:00")]
    [InlineData("2026-02-15T10:00:00", "2026-02-15T02:00:00")]
    [InlineData("2026-02-15T07:30:00", "2026-02-14T23:30:00")]
    [InlineData("2026-02-15T10:00:00.123+08:00", "2026-02-15T02:00:00.123")]
    public void Instants_are_read_with_their_offset_and_without_one_as_shanghai_time(string input, string expectedUtc)
    {
        Assert.True(Shanghai.TryParseInstant(input, out var utc));
        Assert.Equal(DateTime.Parse(expectedUtc, CultureInfo.InvariantCulture), utc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-02-30T10:00:00")]
    [InlineData("2026-13-01T10:00:00+08:00")]
    public void Text_that_is_not_a_time_is_rejected(string input) =>
        Assert.False(Shanghai.TryParseInstant(input, out _));

    [Theory]
    [InlineData("2026-02-15T15:59:59Z", 2026, 2, 15)]
    [InlineData("2026-02-15T16:00:00Z", 2026, 2, 16)]
    [InlineData("2026-02-15T16:30:00Z", 2026, 2, 16)]
    [InlineData("2026-02-16T00:30:00+08:00", 2026, 2, 16)]
    public void Today_is_the_shanghai_date(string now, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Shanghai.Today(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture)));
}
