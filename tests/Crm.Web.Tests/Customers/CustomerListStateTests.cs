using Crm.Domain.Customers;
using Crm.Web.Features.Customers;

namespace Crm.Web.Tests.Customers;

/// <summary>The customer list keeps its filters, sort and page in the URL so a view can be bookmarked and shared.</summary>
public sealed class CustomerListStateTests
{
    [Fact]
    public void Default_view_has_an_empty_query_string()
    {
        var state = CustomerListState.FromUri("http://localhost/customers");
        Assert.Equal(new CustomerListState().ToQueryString(), state.ToQueryString());
        Assert.Equal("", state.ToQueryString());
        Assert.False(state.HasFilters);
    }

    [Fact]
    public void Every_filter_survives_a_round_trip_through_the_url()
    {
        var state = new CustomerListState
        {
            Keyword = "精密",
            Levels = [CustomerLevel.A, CustomerLevel.B],
            Statuses = [CustomerStatus.Customer],
            Industry = "电子制造",
            OwnerId = 7,
            Tags = ["重点客户", "华东区"],
            NotFollowedDays = 30,
            Sort = CustomerListSort.FollowUpAsc,
            Page = 3,
            PageSize = 50,
        };

        var url = "/customers" + state.ToQueryString();
        var back = CustomerListState.FromUri(url);

        Assert.Equal(state.ToQueryString(), back.ToQueryString());
        Assert.Equal("精密", back.Keyword);
        Assert.Equal([CustomerLevel.A, CustomerLevel.B], back.Levels);
        Assert.Equal(["重点客户", "华东区"], back.Tags);
        Assert.Equal(CustomerListSort.FollowUpAsc, back.Sort);
        Assert.Equal(3, back.Page);
        Assert.Equal(50, back.PageSize);
        Assert.True(back.HasFilters);
    }

    [Fact]
    public void The_url_uses_the_api_parameter_names()
    {
        var query = new CustomerListState { Levels = [CustomerLevel.B, CustomerLevel.A], Sort = CustomerListSort.CreatedAsc, Tags = ["新客户"] }.ToQueryString();
        Assert.Equal("?customer_level=A,B&tag=%E6%96%B0%E5%AE%A2%E6%88%B7&order_desc=false", query.Replace("%2C", ",", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hand_edited_bad_value_is_dropped_so_the_bookmark_still_opens()
    {
        var state = CustomerListState.FromUri("/customers?customer_level=A,Z&status=nope&page=-2&page_size=5000&sales_owner_id=abc&not_followed_days=x&order_by=whatever");
        Assert.Equal([CustomerLevel.A], state.Levels);
        Assert.Empty(state.Statuses);
        Assert.Equal(1, state.Page);
        Assert.Equal(CustomerListState.DefaultPageSize, state.PageSize);
        Assert.Null(state.OwnerId);
        Assert.Null(state.NotFollowedDays);
        Assert.Equal(CustomerListSort.CreatedDesc, state.Sort);
    }

    [Theory]
    [InlineData(CustomerListSort.CreatedDesc, CustomerOrder.CreatedAt, true)]
    [InlineData(CustomerListSort.CreatedAsc, CustomerOrder.CreatedAt, false)]
    [InlineData(CustomerListSort.FollowUpDesc, CustomerOrder.LastFollowUpAt, true)]
    [InlineData(CustomerListSort.FollowUpAsc, CustomerOrder.LastFollowUpAt, false)]
    public void The_sort_becomes_the_use_cases_order(CustomerListSort sort, CustomerOrder order, bool desc)
    {
        var query = new CustomerListState { Sort = sort, Keyword = "abc", Page = 2 }.ToQuery();
        Assert.Equal(order, query.OrderBy);
        Assert.Equal(desc, query.OrderDesc);
        Assert.Equal("abc", query.Keyword);
        Assert.Equal(2, query.Page);
    }
}
