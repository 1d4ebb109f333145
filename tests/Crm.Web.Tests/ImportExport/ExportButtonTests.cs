using Bunit;
using Crm.Web.Features.ImportExport;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.ImportExport;

/// <summary>导出 on the lists: says how many rows the filters give, and exports in the format the user picked.</summary>
[Collection("api")]
public sealed class ExportButtonTests : UiComponentContext
{
    private readonly List<ExportFormat> _exported = [];

    private IRenderedComponent<ExportButton> Button(long count, bool capped = false, bool estimated = false) => Render<ExportButton>(p => p
        .Add(c => c.Count, count)
        .Add(c => c.Capped, capped)
        .Add(c => c.Estimated, estimated)
        .Add(c => c.Title, "导出客户")
        .Add(c => c.FileName, "客户")
        .Add(c => c.Export, (format, _) =>
        {
            _exported.Add(format);
            return Task.FromResult(new ExportCustomers.Export(new MemoryStream([1, 2, 3]), (int)count));
        }));

    [Theory]
    [InlineData(1234, false, "导出（1,234 条）")]
    [InlineData(10000, true, "导出（10,000+ 条）")]
    [InlineData(1, false, "导出（1 条）")]
    public void The_button_says_how_many_rows_it_exports(long count, bool capped, string text) =>
        Assert.Equal(text, Button(count, capped).Find("[data-testid=export] button").TextContent.Trim());

    [Fact]
    public void An_estimated_count_is_said_as_about_so_many_ten_thousands() =>
        Assert.Equal("导出（约 3.3 万 条）", Button(33_000, estimated: true).Find("[data-testid=export] button").TextContent.Trim());

    [Fact]
    public void An_empty_list_has_nothing_to_export()
    {
        var button = Button(0).Find("[data-testid=export] button");

        Assert.True(button.HasAttribute("disabled"));
    }

    [Fact]
    public void Enter_in_the_dialog_exports_the_chosen_format_once()
    {
        var cut = Button(42);
        cut.Find("[data-testid=export] button").Click();
        Assert.Contains("导出 42 条", cut.Find("[data-testid=export-summary]").TextContent, StringComparison.Ordinal);

        cut.FindAll("[data-testid=export-dialog] label.ant-radio-wrapper")[1].Click();
        cut.Find("[data-testid=export-dialog]").KeyDown("Enter");

        cut.WaitForAssertion(() => Assert.Equal([ExportFormat.Csv], _exported));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=export-dialog]")));
    }
}
