using Crm.Domain.Common;
using Crm.Web.Data;

namespace Crm.Web.Features.ImportExport;

/// <summary>The state of one pass over an import: counts, errors (with the user's row numbers and headers), and the keys seen so far in the file.</summary>
public sealed class ImportPass(string?[] headers, Dictionary<string, int> at, IReadOnlyList<SheetColumn> columns, Func<string, string> columnOf)
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    public Dictionary<string, int> At { get; } = at;
    public int TotalRows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public List<ImportErrorDto> Errors { get; } = [];
    public ImportTimings Timings { get; } = new();

    public int? SeenIn(string? codeKey, string? nameKey) =>
        codeKey is not null && _codes.TryGetValue(codeKey, out var byCode) ? byCode
        : nameKey is not null && _names.TryGetValue(nameKey, out var byName) ? byName
        : null;

    public void Remember(string? codeKey, string? nameKey, int row)
    {
        if (codeKey is not null)
        {
            _codes.TryAdd(codeKey, row);
        }

        if (nameKey is not null)
        {
            _names.TryAdd(nameKey, row);
        }
    }

    public void AddErrors(SheetRow row, ValidationErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            var column = columnOf(field);
            var index = At.TryGetValue(column, out var i) ? i : -1;
            var header = index >= 0 ? headers[index] ?? column
                : columns.FirstOrDefault(c => c.Field == column)?.Header ?? column;
            var value = index >= 0 && index < row.Cells.Length ? SheetCell.Text(row.Cells[index]) : null;
            foreach (var message in messages)
            {
                Errors.Add(new ImportErrorDto(row.Number, header, value, message));
            }
        }
    }

    public void CopyTo(DataImport import)
    {
        import.TotalRows = TotalRows;
        import.Created = Created;
        import.Updated = Updated;
        import.Skipped = Skipped;
        import.ErrorCount = Errors.Count;
    }

    public ImportResultDto ToDto(long importId) => new(TotalRows, Created, Updated, Skipped, Errors, importId);

    public ImportResultDto Refused(long importId) => new(TotalRows, 0, 0, 0, Errors, importId);
}
