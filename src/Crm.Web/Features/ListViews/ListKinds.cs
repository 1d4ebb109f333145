using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Features.Customers;

namespace Crm.Web.Features.ListViews;

/// <summary>
/// A list whose views and columns a user can save: its column keys (all, default, the one that cannot be hidden) and
/// how a saved query string is checked and normalised (with the list's own URL parser, so a view opens exactly as the
/// list would read its link).
/// </summary>
public sealed record ListKind(
    string Name,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> DefaultColumns,
    string RequiredColumn,
    Func<string, ValidationErrors, string> NormaliseQuery)
{
    public static IReadOnlyList<ListKind> All { get; } =
    [
        new(CustomerColumns.List, CustomerColumns.All, CustomerColumns.Default, CustomerColumns.Name, NormaliseCustomerQuery),
    ];

    /// <summary>The list named <paramref name="name"/> (missing: the customer list); an unknown name is a field error.</summary>
    public static ListKind? Find(string? name, ValidationErrors errors)
    {
        var wanted = Text.Clean(name) ?? CustomerColumns.List;
        var kind = All.FirstOrDefault(k => k.Name == wanted);
        if (kind is null)
        {
            errors.Add("list", Messages.Format("InvalidChoice", Messages.Get("Label_List"), string.Join(", ", All.Select(k => k.Name))));
        }

        return kind;
    }

    /// <summary>Checks column keys: known, no repeats, the required one present. Returns them comma-joined.</summary>
    public string? CheckColumns(IReadOnlyList<string> columns, ValidationErrors errors)
    {
        var cleaned = columns.Select(c => c.Trim()).ToList();
        if (cleaned.FirstOrDefault(c => !Columns.Contains(c)) is { } unknown)
        {
            errors.Add("columns", Messages.Format("ColumnUnknown", unknown, string.Join(", ", Columns)));
            return null;
        }

        if (cleaned.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            errors.Add("columns", Messages.Format("ColumnRepeated", repeated.Key));
            return null;
        }

        if (!cleaned.Contains(RequiredColumn))
        {
            errors.Add("columns", Messages.Format("ColumnRequired", RequiredColumn));
            return null;
        }

        return string.Join(',', cleaned);
    }

    public static IReadOnlyList<string> SplitColumns(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(',');

    /// <summary>Reads the query with the customer list's parser: a bad value is a 400 with the list API's message.</summary>
    private static string NormaliseCustomerQuery(string query, ValidationErrors errors)
    {
        var state = CustomerListState.FromUri("?" + query.TrimStart('?'), out var ignored);
        foreach (var problem in ignored)
        {
            errors.Add("query", problem);
        }

        return state.ToViewQueryString().TrimStart('?');
    }
}
