using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.Customers;

public enum CustomerListSort
{
    CreatedDesc,
    CreatedAsc,
    FollowUpDesc,
    FollowUpAsc,
}

/// <summary>
/// The customer list's filters, sort and page as they live in the URL, so a view can be bookmarked and shared.
/// Parameter names are the API's (keyword, customer_level, status, industry, sales_owner_id, tag, not_followed_days,
/// order_by, order_desc, page, page_size). Unlike the API, a hand-edited bad value is dropped, not an error:
/// a bookmark must always open.
/// </summary>
public sealed record CustomerListState
{
    public const int DefaultPageSize = 20;

    public static IReadOnlyList<int> PageSizes { get; } = [10, 20, 50, 100];

    public string? Keyword { get; init; }
    public IReadOnlyList<CustomerLevel> Levels { get; init; } = [];
    public IReadOnlyList<CustomerStatus> Statuses { get; init; } = [];
    public string? Industry { get; init; }
    public long? OwnerId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int? NotFollowedDays { get; init; }
    public CustomerListSort Sort { get; init; } = CustomerListSort.CreatedDesc;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasFilters =>
        Keyword is not null || Levels.Count > 0 || Statuses.Count > 0 || Industry is not null || OwnerId is not null
        || Tags.Count > 0 || NotFollowedDays is not null;

    /// <summary>Reads the state from a URL (absolute or relative) or a bare query string.</summary>
    public static CustomerListState FromUri(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(queryStart < 0 ? string.Empty : uri[queryStart..].Split('#')[0]);

        string? Single(string name) =>
            query.TryGetValue(name, out var values) ? values.Select(Text.Clean).LastOrDefault(v => v is not null) : null;

        IEnumerable<string> Many(string name) =>
            query.TryGetValue(name, out var values)
                ? values.SelectMany(v => (v ?? string.Empty).Split(',')).Select(Text.Clean).OfType<string>()
                : [];

        int? Number(string name, int min, int max) =>
            int.TryParse(Single(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

        var orderByFollowUp = Single("order_by") == "last_follow_up_at";
        var ascending = string.Equals(Single("order_desc"), "false", StringComparison.OrdinalIgnoreCase);
        var pageSize = Number("page_size", 1, CustomerQuery.MaxPageSize) ?? DefaultPageSize;

        return new CustomerListState
        {
            Keyword = Single("keyword"),
            Levels = Many("customer_level").Select(v => EnumText<CustomerLevel>.TryParse(v, out var l) ? l : (CustomerLevel?)null).OfType<CustomerLevel>().Distinct().Order().ToList(),
            Statuses = Many("status").Select(v => EnumText<CustomerStatus>.TryParse(v, out var s) ? s : (CustomerStatus?)null).OfType<CustomerStatus>().Distinct().Order().ToList(),
            Industry = Single("industry"),
            OwnerId = long.TryParse(Single("sales_owner_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && owner > 0 ? owner : null,
            Tags = query.TryGetValue("tag", out var tags) ? tags.Select(Text.Clean).OfType<string>().Distinct().ToList() : [],
            NotFollowedDays = Number("not_followed_days", 0, 36500),
            Sort = (orderByFollowUp, ascending) switch
            {
                (true, true) => CustomerListSort.FollowUpAsc,
                (true, false) => CustomerListSort.FollowUpDesc,
                (false, true) => CustomerListSort.CreatedAsc,
                _ => CustomerListSort.CreatedDesc,
            },
            Page = Number("page", 1, int.MaxValue) ?? 1,
            PageSize = pageSize,
        };
    }

    /// <summary>The query string for this state ("" for the default view); defaults are left out, order is fixed.</summary>
    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(new(name, value));
            }
        }

        Add("keyword", Text.Clean(Keyword));
        Add("customer_level", Levels.Count > 0 ? string.Join(',', Levels.Order().Select(EnumText<CustomerLevel>.Name)) : null);
        Add("status", Statuses.Count > 0 ? string.Join(',', Statuses.Order().Select(EnumText<CustomerStatus>.Name)) : null);
        Add("industry", Text.Clean(Industry));
        Add("sales_owner_id", OwnerId?.ToString(CultureInfo.InvariantCulture));
        foreach (var tag in Tags)
        {
            Add("tag", tag);
        }

        Add("not_followed_days", NotFollowedDays?.ToString(CultureInfo.InvariantCulture));
        Add("order_by", Sort is CustomerListSort.FollowUpAsc or CustomerListSort.FollowUpDesc ? "last_follow_up_at" : null);
        Add("order_desc", Sort is CustomerListSort.CreatedAsc or CustomerListSort.FollowUpAsc ? "false" : null);
        Add("page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        Add("page_size", PageSize != DefaultPageSize ? PageSize.ToString(CultureInfo.InvariantCulture) : null);
        return QueryString.Create(parts).ToUriComponent();
    }

    /// <summary>The use case's query: the same object the API builds from its query string.</summary>
    public CustomerQuery ToQuery() => new()
    {
        Keyword = Keyword,
        Levels = Levels,
        Statuses = Statuses,
        Industry = Industry,
        SalesOwnerId = OwnerId,
        Tags = Tags,
        NotFollowedDays = NotFollowedDays,
        OrderBy = Sort is CustomerListSort.FollowUpAsc or CustomerListSort.FollowUpDesc ? CustomerOrder.LastFollowUpAt : CustomerOrder.CreatedAt,
        OrderDesc = Sort is CustomerListSort.CreatedDesc or CustomerListSort.FollowUpDesc,
        Page = Page,
        PageSize = PageSize,
    };
}
