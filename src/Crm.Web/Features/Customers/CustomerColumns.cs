namespace Crm.Web.Features.Customers;

/// <summary>
/// The customer list's columns by key (the API field each shows): what a user may show, hide and order, and what a
/// new user sees. The name column cannot be hidden: it is the link to the customer.
/// </summary>
public static class CustomerColumns
{
    public const string List = "customers";
    public const string Name = "name";

    public static IReadOnlyList<string> All { get; } =
    [
        "customer_code", Name, "customer_level", "status", "industry", "sales_owner", "contacts_count", "tags",
        "last_follow_up_at", "annual_revenue", "created_at", "updated_at",
    ];

    public static IReadOnlyList<string> Default { get; } =
    [
        "customer_code", Name, "customer_level", "status", "industry", "sales_owner", "contacts_count", "tags", "last_follow_up_at",
    ];

    /// <summary>The order a column's header sorts by, for the columns the API sorts by.</summary>
    public static CustomerOrder? SortOf(string column) => column switch
    {
        "customer_code" => CustomerOrder.CustomerCode,
        Name => CustomerOrder.Name,
        "last_follow_up_at" => CustomerOrder.LastFollowUpAt,
        "annual_revenue" => CustomerOrder.AnnualRevenue,
        "created_at" => CustomerOrder.CreatedAt,
        "updated_at" => CustomerOrder.UpdatedAt,
        _ => null,
    };
}
