using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.Customers;

/// <summary>
/// The customer list's filters, sort and page as they live in the URL, so a view can be bookmarked and shared.
/// Parameter names and values are the API's, read by the API's own parser; unlike the API, a hand-edited bad value
/// is left out with a notice instead of refusing the whole view: a bookmark must always open (decision 0018).
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
    public FollowUpDue? Due { get; init; }

    /// <summary>The sort: any order the API knows, so that every sortable column header keeps its state in the URL.</summary>
    public CustomerOrder OrderBy { get; init; } = CustomerOrder.CreatedAt;

    public bool OrderDesc { get; init; } = true;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasFilters =>
        Keyword is not null || Levels.Count > 0 || Statuses.Count > 0 || Industry is not null || OwnerId is not null
        || Tags.Count > 0 || NotFollowedDays is not null || Due is not null;

    /// <summary>
    /// The sort after a click on a column's header: a new column sorts ascending, the sorted column flips direction
    /// (so a second click is descending); the page goes back to the first.
    /// </summary>
    public CustomerListState SortedBy(CustomerOrder order) =>
        this with { OrderBy = order, OrderDesc = OrderBy == order && !OrderDesc, Page = 1 };

    /// <summary>The same filters and sort without the page: what a saved view keeps.</summary>
    public string ToViewQueryString() => (this with { Page = 1 }).ToQueryString();

    /// <summary>Reads the state from a URL (absolute or relative) or a bare query string; a bad value is left out.</summary>
    public static CustomerListState FromUri(string uri) => FromUri(uri, out _);

    /// <summary>
    /// Reads the state with the API's own parser (<see cref="CustomerQuery.Read"/>), so the page and the API accept
    /// exactly the same values. A hand-edited bad value is left out, so a bookmark always opens, and
    /// <paramref name="ignored"/> holds the API's message for it, which the page shows (decision 0018).
    /// </summary>
    public static CustomerListState FromUri(string uri, out IReadOnlyList<string> ignored)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var values = QueryHelpers.ParseQuery(queryStart < 0 ? string.Empty : uri[queryStart..].Split('#')[0]);
        var query = CustomerQuery.Read(new QueryCollection(values), out var errors);
        ignored = errors.ToDictionary().Values.SelectMany(v => v).Distinct().ToList();

        return new CustomerListState
        {
            Keyword = query.Keyword,
            Levels = query.Levels.Distinct().Order().ToList(),
            Statuses = query.Statuses.Distinct().Order().ToList(),
            Industry = query.Industry,
            OwnerId = query.SalesOwnerId,
            Tags = query.Tags.Distinct().ToList(),
            NotFollowedDays = query.NotFollowedDays,
            Due = query.Due,
            OrderBy = query.OrderBy,
            OrderDesc = query.OrderDesc,
            Page = query.Page,
            PageSize = query.PageSize,
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
        Add("follow_up_due", Due is { } due ? EnumText<FollowUpDue>.Name(due) : null);
        Add("order_by", OrderBy != CustomerOrder.CreatedAt ? CustomerQuery.OrderNames[(int)OrderBy] : null);
        Add("order_desc", OrderDesc ? null : "false");
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
        Due = Due,
        OrderBy = OrderBy,
        OrderDesc = OrderDesc,
        Page = Page,
        PageSize = PageSize,
    };
}
