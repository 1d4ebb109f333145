using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The user's own rows back, in their own row numbers, with a first column 错误原因 and every bad cell filled red, so
/// that the user corrects this file and uploads it again as it is (the import reads past 错误原因). Written with the
/// Open XML SDK's forward-only writer: one row in memory at a time (decision 0042).
/// </summary>
public static class ErrorWorkbook
{
    public static Stream Write(SpreadsheetUpload upload, IReadOnlyList<ImportErrorDto> errors, string sheetName)
    {
        var byRow = errors.GroupBy(e => e.Row).ToDictionary(g => g.Key, g => g.ToList());
        var rows = upload.Rows(out var headers);
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        using (var document = SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = ImportTemplate.Styles();
            var part = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                { WorkbookViewId = 0, TabSelected = true }));
                writer.WriteElement(ImportTemplate.Widths([48, .. headers.Select(_ => 16.0)]));
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, [CustomerSheet.ErrorColumn.Header, .. headers], [], ImportTemplate.HeaderStyle);
                foreach (var row in rows)
                {
                    var rowErrors = byRow.GetValueOrDefault(row.Number) ?? [];
                    var bad = rowErrors.Select(e => Array.IndexOf(headers, e.Column)).Where(i => i >= 0).Select(i => i + 1).ToHashSet();
                    var reason = string.Join("；", rowErrors.Select(e => $"【{e.Column}】{e.Message}"));
                    WriteRow(writer, (uint)row.Number, [reason, .. row.Cells], bad, ImportTemplate.Plain);
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = sheetName }));
        }

        file.Position = 0;
        return file;
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, object?[] cells, HashSet<int> bad, uint style)
    {
        writer.WriteStartElement(new Row { RowIndex = number });
        for (var i = 0; i < cells.Length; i++)
        {
            var cellStyle = i == 0 && number > 1 ? ImportTemplate.ErrorTextStyle : bad.Contains(i) ? ImportTemplate.BadCellStyle : style;
            var reference = ImportTemplate.ColumnName(i) + number.ToString(CultureInfo.InvariantCulture);
            var cell = cells[i] switch
            {
                double d => new Cell(new CellValue(d)) { DataType = CellValues.Number },
                null => new Cell(),
                var v => new Cell(new InlineString(new Text(SheetExport.Neutralise(SheetCell.Text(v)) ?? "") { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString },
            };
            cell.CellReference = reference;
            cell.StyleIndex = cellStyle;
            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }
}
