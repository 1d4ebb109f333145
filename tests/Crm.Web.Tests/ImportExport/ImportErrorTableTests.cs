using Bunit;
using Crm.Web.Features.ImportExport;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.ImportExport;

/// <summary>The dry run's error table: every error of a large file can be reached, a page at a time.</summary>
[Collection("api")]
public sealed class ImportErrorTableTests : UiComponentContext
{
    private static List<ImportErrorDto> Errors(int count, string message = "手机号码格式不正确") =>
        Enumerable.Range(2, count).Select(row => new ImportErrorDto(row, "手机号码", $"1380000{row:D4}", message)).ToList();

    private static List<string> ShownRows(IRenderedComponent<ImportErrorTable> cut) =>
        cut.FindAll(".crm-table-desktop [data-testid=error-row]").Select(e => e.TextContent).ToList();

    [Fact]
    public void A_file_with_250_errors_shows_20_a_page_and_the_last_page_holds_the_last_error()
    {
        var cut = Render<ImportErrorTable>(p => p.Add(c => c.Errors, Errors(250)));

        Assert.Equal(Enumerable.Range(2, 20).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)), ShownRows(cut));
        Assert.Contains("共 250 处错误", cut.Find("[data-testid=errors-pagination]").TextContent, StringComparison.Ordinal);

        cut.Find(".ant-pagination-item-13").Click();

        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(242, 10).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)), ShownRows(cut)));
        Assert.Contains("13800000251", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_check_starts_again_at_its_first_error()
    {
        var cut = Render<ImportErrorTable>(p => p.Add(c => c.Errors, Errors(60)));
        cut.Find(".ant-pagination-item-3").Click();
        cut.WaitForAssertion(() => Assert.Equal("42", ShownRows(cut)[0]));

        cut.Render(p => p.Add(c => c.Errors, Errors(30, "客户不存在")));

        Assert.Equal("2", ShownRows(cut)[0]);
        Assert.Contains("客户不存在", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_errors_need_no_pages()
    {
        var cut = Render<ImportErrorTable>(p => p.Add(c => c.Errors, Errors(3)));

        Assert.Equal(3, ShownRows(cut).Count);
        Assert.Empty(cut.FindAll("[data-testid=errors-pagination]"));
    }
}
