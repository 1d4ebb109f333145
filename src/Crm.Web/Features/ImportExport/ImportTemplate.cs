using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// Writes an import template with the Open XML SDK (decision 0042: MiniExcel cannot write drop-downs or styles): the
/// data sheet with its header frozen, required headers marked, one example row and drop-down lists, and a second
/// sheet 填写说明 with the allowed values and rules.
/// </summary>
public static class ImportTemplate
{
    /// <summary>One column of the template: its header, whether it is required, an optional drop-down and an example.</summary>
    public sealed record Column(string Header, bool Required, IReadOnlyList<string>? Choices, string? Example, double Width);

    /// <summary>Style indexes of <see cref="Styles"/>.</summary>
    public const uint Plain = 0;
    public const uint HeaderStyle = 1;
    public const uint RequiredHeaderStyle = 2;
    public const uint BadCellStyle = 3;
    public const uint ErrorTextStyle = 4;

    public static byte[] Write(string dataSheetName, IReadOnlyList<Column> columns, string notesSheetName, IReadOnlyList<IReadOnlyList<string>> notes)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            var data = workbook.AddNewPart<WorksheetPart>();
            var rows = new SheetData(
                Row(1, columns.Select(c => (c.Header, c.Required ? RequiredHeaderStyle : HeaderStyle))),
                Row(2, columns.Select(c => (c.Example ?? "", Plain))));
            var worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
                { WorkbookViewId = 0, TabSelected = true }),
                Widths(columns.Select(c => c.Width)),
                rows);
            var validations = columns
                .Select((c, i) => (c, i))
                .Where(x => x.c.Choices is { Count: > 0 })
                .Select(x => new DataValidation(new Formula1($"\"{string.Join(",", x.c.Choices!)}\""))
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = false,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{ColumnName(x.i)}2:{ColumnName(x.i)}200001" },
                })
                .ToList();
            if (validations.Count > 0)
            {
                worksheet.Append(new DataValidations(validations) { Count = (uint)validations.Count });
            }

            data.Worksheet = worksheet;
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(data), SheetId = 1, Name = dataSheetName });

            var notesPart = workbook.AddNewPart<WorksheetPart>();
            var noteRows = new SheetData(notes.Select((line, i) => Row((uint)i + 1, line.Select(v => (v, i == 0 ? HeaderStyle : Plain)))));
            notesPart.Worksheet = new Worksheet(Widths([18, 10, 80]), noteRows);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(notesPart), SheetId = 2, Name = notesSheetName });
        }

        return stream.ToArray();
    }

    public static Row Row(uint number, IEnumerable<(string Value, uint Style)> cells) =>
        new(cells.Select((c, i) => new Cell
        {
            CellReference = ColumnName(i) + number,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(c.Value) { Space = SpaceProcessingModeValues.Preserve }),
            StyleIndex = c.Style,
        }))
        { RowIndex = number };

    public static Columns Widths(IEnumerable<double> widths) =>
        new(widths.Select((w, i) => new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true }));

    /// <summary>A, B, … Z, AA, AB … for a zero-based column index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Plain; header (bold, grey); required header (bold, red); a bad cell (light red fill); the error text (red).</summary>
    public static Stylesheet Styles() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }),
            new Font(new Bold(), new FontSize { Val = 11 }),
            new Font(new Bold(), new Color { Rgb = "FFC00000" }, new FontSize { Val = 11 }),
            new Font(new Color { Rgb = "FFC00000" }, new FontSize { Val = 11 }))
        { Count = 4 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFC7CE" }) { PatternType = PatternValues.Solid }))
        { Count = 4 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true },
            new CellFormat { FontId = 2, FillId = 2, ApplyFont = true, ApplyFill = true },
            new CellFormat { FontId = 0, FillId = 3, ApplyFill = true },
            new CellFormat { FontId = 3, ApplyFont = true })
        { Count = 5 });
}
