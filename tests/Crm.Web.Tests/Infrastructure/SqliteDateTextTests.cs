using System.Globalization;
using Crm.Web.Data;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Decision 0085: SQLite's stored times are read directly when they are in the text Microsoft.Data.Sqlite writes, and
/// by the general parser otherwise; either way the same instant, in UTC.
/// </summary>
public sealed class SqliteDateTextTests
{
    [Theory]
    [InlineData("2025-11-03 08:12:45", "2025-11-03T08:12:45.0000000Z")]
    [InlineData("2025-11-03 08:12:45.1", "2025-11-03T08:12:45.1000000Z")]
    [InlineData("2025-11-03 08:12:45.0123", "2025-11-03T08:12:45.0123000Z")]
    [InlineData("2025-11-03 08:12:45.1234567", "2025-11-03T08:12:45.1234567Z")]
    [InlineData("2024-02-29 23:59:59.9999999", "2024-02-29T23:59:59.9999999Z")]
    [InlineData("0001-01-01 00:00:00", "0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31 23:59:59.9999999", "9999-12-31T23:59:59.9999999Z")]
    public void Its_own_text_is_read_as_that_instant_in_UTC(string text, string expected)
    {
        Assert.True(SqliteDateText.TryParse(text, out var value));
        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(expected, value.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-11-03")]
    [InlineData("2025-11-03T08:12:45")]
    [InlineData("2025-11-03 08:12:45Z")]
    [InlineData("2025-11-03 08:12:45.")]
    [InlineData("2025-11-03 08:12:45.12345678")]
    [InlineData("2025-11-03 08:12:45+08:00")]
    [InlineData("2023-02-29 00:00:00")]
    [InlineData("2025-13-01 00:00:00")]
    [InlineData("2025-11-03 24:00:00")]
    [InlineData("2025-11-03 08:60:00")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData("2025-1a-03 08:12:45")]
    [InlineData("２０２５-11-03 08:12:45")]
    public void Any_other_text_is_left_to_the_general_parser(string text) =>
        Assert.False(SqliteDateText.TryParse(text, out _));

    [Fact]
    public void Every_time_written_is_read_back_exactly()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 20_000; i++)
        {
            var written = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);

            // Microsoft.Data.Sqlite's text for a DateTime parameter; whole seconds have no fraction.
            var text = written.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            Assert.True(SqliteDateText.TryParse(text, out var read), text);
            Assert.Equal(written, read);
            Assert.Equal(DateTime.Parse(text, CultureInfo.InvariantCulture), read);
        }
    }
}
