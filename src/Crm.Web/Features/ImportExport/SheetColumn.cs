using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Web.Features.ImportExport;

/// <summary>One column of an import template or export: the API field it carries and its label (the header).</summary>
public sealed record SheetColumn(string Field, string LabelKey, bool Required = false)
{
    /// <summary>The header as the template writes it: the Chinese label, required ones marked 客户名称*.</summary>
    public string Header => Messages.Chinese(LabelKey) + (Required ? "*" : "");

    /// <summary>Whether a header cell names this column: the Chinese or English label (with or without *) or the API field name.</summary>
    public bool Matches(string header)
    {
        var cleaned = SheetCell.HalfWidth(header).Trim().TrimEnd('*').Trim();
        return cleaned.Equals(SheetCell.HalfWidth(Messages.Chinese(LabelKey)), StringComparison.Ordinal)
            || cleaned.Equals(Messages.English(LabelKey), StringComparison.OrdinalIgnoreCase)
            || cleaned.Equals(Field, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Where each column sits in an uploaded header row. Columns the file may carry but the import does not read
    /// (an export's computed columns, the error workbook's 错误原因) are ignored; any other unknown header is refused,
    /// so that a misspelt header never drops a column's data silently. A missing required column is refused too.
    /// </summary>
    public static Dictionary<string, int> Locate(IReadOnlyList<string?> headers, IReadOnlyList<SheetColumn> columns, IReadOnlyList<SheetColumn> ignored)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            if (Text.Clean(headers[i]) is not { } header)
            {
                continue;
            }

            if (columns.FirstOrDefault(c => c.Matches(header)) is { } column)
            {
                if (!found.TryAdd(column.Field, i))
                {
                    throw SpreadsheetUpload.Refused(Messages.Format("ImportDuplicateColumn", header));
                }
            }
            else if (!ignored.Any(c => c.Matches(header)))
            {
                throw SpreadsheetUpload.Refused(Messages.Format("ImportUnknownColumn", header));
            }
        }

        if (columns.FirstOrDefault(c => c.Required && !found.ContainsKey(c.Field)) is { } missing)
        {
            throw SpreadsheetUpload.Refused(Messages.Format("ImportNoHeader", missing.Header));
        }

        return found;
    }
}
