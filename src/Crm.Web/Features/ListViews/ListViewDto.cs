namespace Crm.Web.Features.ListViews;

/// <summary>A saved view as the API returns it; <c>columns</c> is null when the view keeps the user's columns.</summary>
public sealed record ListViewDto(long Id, string List, string Name, string Query, IReadOnlyList<string>? Columns, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A user's columns of a list, in display order (the list's default until the user saves their own).</summary>
public sealed record ListColumnsDto(string List, IReadOnlyList<string> Columns);
