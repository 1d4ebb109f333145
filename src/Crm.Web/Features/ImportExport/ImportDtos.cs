namespace Crm.Web.Features.ImportExport;

/// <summary>How an import treats a row that matches an existing customer (or an earlier row of the file).</summary>
public enum OnDuplicate
{
    Skip,
    Update,
    Fail,
}

/// <summary>One wrong cell: the row number the user sees in Excel (header = 1), the column's header, what it held and why.</summary>
public sealed record ImportErrorDto(int Row, string Column, string? Value, string Message);

/// <summary>What an import did (or, for a dry run, would do). Nothing is written while <see cref="Errors"/> is not empty.</summary>
public sealed record ImportResultDto(int TotalRows, int Created, int Updated, int Skipped, IReadOnlyList<ImportErrorDto> Errors, long ImportId);

/// <summary>What an import's pass reports after each batch: rows done (of the file's <see cref="Total"/>), and whether it writes.</summary>
public sealed record ImportStep(int Done, int Total, bool Writing);
