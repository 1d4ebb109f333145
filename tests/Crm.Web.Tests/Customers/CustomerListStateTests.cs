using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Web.Features.Customers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

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
            Due = FollowUpDue.Today,
            OrderBy = CustomerOrder.LastFollowUpAt,
            OrderDesc = false,
            Page = 3,
            PageSize = 50,
        };

        var url = "/customers" + state.ToQueryString();
        var back = CustomerListState.FromUri(url);

        Assert.Equal(state.ToQueryString(), back.ToQueryString());
        Assert.Equal("精密", back.Keyword);
        Assert.Equal([CustomerLevel.A, CustomerLevel.B], back.Levels);
        Assert.Equal(["重点客户", "华东区"], back.Tags);
        Assert.Equal(CustomerOrder.LastFollowUpAt, back.OrderBy);
        Assert.False(back.OrderDesc);
        Assert.Equal(FollowUpDue.Today, back.Due);
        Assert.Equal(3, back.Page);
        Assert.Equal(50, back.PageSize);
        Assert.True(back.HasFilters);
    }

    [Fact]
    public void The_url_uses_the_api_parameter_names()
    {
        var query = new CustomerListState { Levels = [CustomerLevel.B, CustomerLevel.A], OrderDesc = false, Tags = ["新客户"] }.ToQueryString();
        Assert.Equal("?customer_level=A,B&tag=%E6%96%B0%E5%AE%A2%E6%88%B7&order_desc=false", query.Replace("%2C", ",", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hand_edited_bad_value_is_dropped_so_the_bookmark_still_opens()
    {
        var state = CustomerListState.FromUri("/customers?customer_level=A,Z&status=nope&page=-2&page_size=5000&sales_owner_id=abc&not_followed_days=x&follow_up_due=someday&order_by=whatever");
        Assert.Equal([CustomerLevel.A], state.Levels);
        Assert.Empty(state.Statuses);
        Assert.Equal(1, state.Page);
        Assert.Equal(CustomerListState.DefaultPageSize, state.PageSize);
        Assert.Null(state.OwnerId);
        Assert.Null(state.NotFollowedDays);
        Assert.Null(state.Due);
        Assert.Equal(CustomerOrder.CreatedAt, state.OrderBy);
        Assert.True(state.OrderDesc);
    }

    [Fact]
    public void An_ignored_value_comes_with_the_message_the_api_would_answer()
    {
        using var _ = new ChineseUi();
        CustomerListState.FromUri("/customers?customer_level=A,Z&page_size=5000&order_desc=maybe", out var ignored);
        CustomerQuery.Read(new QueryCollection(QueryHelpers.ParseQuery("?customer_level=A,Z&page_size=5000&order_desc=maybe")), out var api);
        Assert.Equal(3, ignored.Count);
        Assert.Equal(api.ToDictionary().Values.SelectMany(v => v), ignored);
        Assert.Throws<DomainValidationException>(() => CustomerQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery("?page_size=5000"))));
    }

    [Fact]
    public void A_clean_link_has_nothing_to_report()
    {
        CustomerListState.FromUri("/customers?keyword=%E9%BC%8E%E7%9B%9B&customer_level=A&tag=x&order_by=last_follow_up_at&order_desc=false&page=3", out var ignored);
        Assert.Empty(ignored);
    }

    /// <summary>One parser: every link the page can make means the same to the API as to the page.</summary>
    [Theory]
    [InlineData("?keyword=%E9%BC%8E%E7%9B%9B&customer_level=A,B&status=customer&industry=%E5%88%B6%E9%80%A0&sales_owner_id=7&tag=a&tag=b&not_followed_days=30&follow_up_due=overdue&order_by=last_follow_up_at&order_desc=false&page=2&page_size=50")]
    [InlineData("?order_by=annual_revenue")]
    [InlineData("?order_by=name&order_desc=false&follow_up_due=today")]
    [InlineData("?status=potential,lost&order_desc=false")]
    [InlineData("")]
    public void The_page_and_the_api_read_a_link_the_same_way(string query)
    {
        var api = CustomerQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));
        var page = CustomerListState.FromUri("/customers" + query).ToQuery();

        Assert.Equal(api.Keyword, page.Keyword);
        Assert.Equal(api.Levels, page.Levels);
        Assert.Equal(api.Statuses, page.Statuses);
        Assert.Equal(api.Industry, page.Industry);
        Assert.Equal(api.SalesOwnerId, page.SalesOwnerId);
        Assert.Equal(api.Tags, page.Tags);
        Assert.Equal(api.NotFollowedDays, page.NotFollowedDays);
        Assert.Equal(api.Due, page.Due);
        Assert.Equal(api.OrderBy, page.OrderBy);
        Assert.Equal(api.OrderDesc, page.OrderDesc);
        Assert.Equal(api.Page, page.Page);
        Assert.Equal(api.PageSize, page.PageSize);
    }

    [Theory]
    [InlineData(CustomerOrder.CreatedAt, true, CustomerOrder.Name, CustomerOrder.Name, false)]
    [InlineData(CustomerOrder.Name, false, CustomerOrder.Name, CustomerOrder.Name, true)]
    [InlineData(CustomerOrder.Name, true, CustomerOrder.Name, CustomerOrder.Name, false)]
    [InlineData(CustomerOrder.Name, true, CustomerOrder.AnnualRevenue, CustomerOrder.AnnualRevenue, false)]
    public void A_header_click_sorts_ascending_and_a_second_click_descending(CustomerOrder order, bool desc, CustomerOrder clicked, CustomerOrder wantOrder, bool wantDesc)
    {
        var next = new CustomerListState { OrderBy = order, OrderDesc = desc, Keyword = "abc", Page = 4 }.SortedBy(clicked);
        Assert.Equal(wantOrder, next.OrderBy);
        Assert.Equal(wantDesc, next.OrderDesc);
        Assert.Equal(1, next.Page);
        var query = next.ToQuery();
        Assert.Equal(wantOrder, query.OrderBy);
        Assert.Equal(wantDesc, query.OrderDesc);
        Assert.Equal("abc", query.Keyword);
    }

    [Fact]
    public void Every_order_the_api_knows_survives_the_url()
    {
        foreach (var order in Enum.GetValues<CustomerOrder>())
        {
            foreach (var desc in new[] { true, false })
            {
                var back = CustomerListState.FromUri("/customers" + new CustomerListState { OrderBy = order, OrderDesc = desc }.ToQueryString(), out var ignored);
                Assert.Empty(ignored);
                Assert.Equal((order, desc), (back.OrderBy, back.OrderDesc));
            }
        }
    }
}

/// <summary>Chinese UI texts for the duration of a test.</summary>
internal sealed class ChineseUi : IDisposable
{
    private readonly System.Globalization.CultureInfo _previous = System.Globalization.CultureInfo.CurrentUICulture;

    public ChineseUi() => System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");

    public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = _previous;
}
