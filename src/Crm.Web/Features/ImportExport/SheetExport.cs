using Crm.Domain.Resources;
using MiniExcelLibs;
using MiniExcelLibs.Csv;
using MiniExcelLibs.OpenXml;

namespace Crm.Web.Features.ImportExport;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// Writes an export with MiniExcel into a temporary file that deletes itself when closed, so the response streams from
/// disk and memory holds one page of rows however long the list is. Text that a spreadsheet would run as a formula is
/// neutralised here (and restored by <see cref="SheetCell.Text"/> on import, so export → import changes nothing).
/// </summary>
public static class SheetExport
{
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>Text starting with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP CSV injection).</summary>
    public static string? Neutralise(string? value) =>
        value is { Length: > 0 } && FormulaStarts.Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    /// <summary>An import reads a neutralised cell back as the text that was exported.</summary>
    public static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1], StringComparison.Ordinal) ? value[1..] : value;

    public static Stream Write(IEnumerable<IDictionary<string, object?>> rows, ExportFormat format, string sheetName)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            if (format == ExportFormat.Csv)
            {
                file.SaveAs(rows, printHeader: true, excelType: ExcelType.CSV, configuration: new CsvConfiguration());
            }
            else
            {
                file.SaveAs(rows, printHeader: true, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = false, TableStyles = TableStyles.None });
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static ExportFormat ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "xlsx" => ExportFormat.Xlsx,
        "csv" => ExportFormat.Csv,
        _ => throw Crm.Domain.Common.ValidationErrors.Failure("format", Messages.ExportFormatInvalid),
    };

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv ? "text/csv; charset=utf-8" : ImportExportApi.XlsxType;
}
