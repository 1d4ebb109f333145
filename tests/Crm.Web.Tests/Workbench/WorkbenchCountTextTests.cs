using System.Globalization;
using Crm.Web.Features.Workbench;

namespace Crm.Web.Tests.Workbench;

/// <summary>Every figure on the 工作台 (panel counts, the book's total, its status and grade chips) reads with thousands separators.</summary>
public sealed class WorkbenchCountTextTests
{
    [Theory]
    [InlineData(1, false, "1")]
    [InlineData(1_000, true, "1,000+")]
    [InlineData(250_273, false, "250,273")]
    [InlineData(1_000_000, false, "1,000,000")]
    public void A_count_reads_with_thousands_separators(long count, bool capped, string shown)
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal(shown, WorkbenchPage.CountText(count, capped));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
