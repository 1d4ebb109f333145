using Crm.Domain.Users;
using Crm.Web.Features.Contacts;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// A list total beyond Crm:ListCountCap is reported as the cap with total_capped = true (every paged list). With
/// Crm:SearchSelectiveRows = 3, SQLite counts a keyword on more rows than that from the rows; a rarer one's candidates
/// would give its exact total (decision 0071, KeywordCandidatesTotalTests).
/// </summary>
public sealed class CountCapTests : OwnAppTests
{

    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(3, selectiveRows: 3);

    [Fact]
    public async Task Total_is_capped_and_flagged_beyond_the_cap_and_exact_below_it()
    {
        for (var i = 0; i < 5; i++)
        {
            await Api.Admin.CreateCustomerAsync(new { name = $"计数客户{i}" });
        }

        // A keyword cannot be answered from the customer counters, so this total is counted (up to the cap).
        var keyword = "keyword=" + Uri.EscapeDataString("计数客户");
        var capped = await Api.Admin.GetJsonAsync($"/api/v1/sales/customers?{keyword}&page_size=2");
        Assert.Equal(3, capped["total"]!.GetValue<long>());
        Assert.True(capped["total_capped"]!.GetValue<bool>());
        Assert.Equal(2, capped["items"]!.AsArray().Count);

        var page3 = await Api.Admin.GetJsonAsync($"/api/v1/sales/customers?{keyword}&page_size=2&page=3");
        Assert.Single(page3["items"]!.AsArray());

        var exact = await Api.Admin.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("计数客户1"));
        Assert.Equal(1, exact["total"]!.GetValue<long>());
        Assert.False(exact["total_capped"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Total_is_exact_beyond_the_cap_when_only_owner_grade_and_status_filter_the_list()
    {
        var sales = await Api.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await sales.Client.CreateCustomerAsync(new { name = $"精确总数{i}", status = i < 4 ? "customer" : "lost" });
        }

        var own = await sales.Client.GetJsonAsync("/api/v1/sales/customers?page_size=2");
        Assert.Equal(5, own.Long("total"));
        Assert.False(own.Bool("total_capped"));

        var filtered = await Api.Admin.GetJsonAsync($"/api/v1/sales/customers?page_size=2&sales_owner_id={sales.Id}&status=customer&customer_level=D");
        Assert.Equal(4, filtered.Long("total"));
        Assert.False(filtered.Bool("total_capped"));

        var page2 = await sales.Client.GetJsonAsync("/api/v1/sales/customers?page_size=2&page=2");
        Assert.Equal(5, page2.Long("total"));
    }

    [Fact]
    public async Task A_short_page_is_the_last_so_its_total_is_exact_without_counting()
    {
        for (var i = 0; i < 5; i++)
        {
            await Api.Admin.CreateCustomerAsync(new { name = $"短页客户{i}" });
        }

        // A keyword list is counted only up to the cap (3) — unless the page shows where the list ends.
        var keyword = "keyword=" + Uri.EscapeDataString("短页客户");
        var first = await Api.Admin.GetJsonAsync($"/api/v1/sales/customers?{keyword}&page_size=10");
        Assert.Equal(5, first.Items().Count);
        Assert.Equal(5, first.Long("total"));
        Assert.False(first.Bool("total_capped"));

        var last = await Api.Admin.GetJsonAsync($"/api/v1/sales/customers?{keyword}&page_size=2&page=3");
        Assert.Single(last.Items());
        Assert.Equal(5, last.Long("total"));
        Assert.False(last.Bool("total_capped"));

        var none = await Api.Admin.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("没有这样的客户"));
        Assert.Equal(0, none.Long("total"));
        Assert.False(none.Bool("total_capped"));
    }

    [Fact]
    public async Task Contact_search_and_birthday_totals_are_capped_and_flagged()
    {
        var customer = await Api.Admin.CreateCustomerAsync(new { name = "计数联系人客户" });
        for (var i = 0; i < 5; i++)
        {
            await Api.Admin.CreateContactAsync(customer.Id(), new { name = $"计数联系人{i}", birthday = "1990-01-01" });
        }

        var capped = await Api.Admin.GetJsonAsync("/api/v1/sales/contacts?page_size=2");
        Assert.Equal(3, capped["total"]!.GetValue<long>());
        Assert.True(capped["total_capped"]!.GetValue<bool>());
        Assert.Single((await Api.Admin.GetJsonAsync("/api/v1/sales/contacts?page_size=2&page=3")).Items());

        var exact = await Api.Admin.GetJsonAsync("/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString("计数联系人1"));
        Assert.Equal(1, exact["total"]!.GetValue<long>());
        Assert.False(exact["total_capped"]!.GetValue<bool>());

        var birthdays = await Api.Admin.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366&page_size=2");
        Assert.Equal(3, birthdays["total"]!.GetValue<long>());
        Assert.True(birthdays["total_capped"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_summary_counts_only_up_to_its_own_lower_limit_and_never_beyond_the_cap()
    {
        // The 工作台's birthday panel stops at 1,000 like its other panels (at 1M an admin's week has ~60,000 birthdays).
        var customer = await Api.Admin.CreateCustomerAsync(new { name = "限额生日客户" });
        for (var i = 0; i < 5; i++)
        {
            await Api.Admin.CreateContactAsync(customer.Id(), new { name = $"限额生日{i}", birthday = "1991-02-02" });
        }

        await using var scope = Api.Factory.Services.CreateAsyncScope();
        var birthdays = scope.ServiceProvider.GetRequiredService<ContactBirthdays>();
        var admin = new Actor(Api.AdminId, UserRole.Admin, "admin");
        var query = new BirthdayQuery { Days = 366, PageSize = 1 };

        var limited = await birthdays.HandleAsync(admin, query with { CountLimit = 2 }, CancellationToken.None);
        Assert.Equal((2, true), (limited.Total, limited.TotalCapped));

        var aboveCap = await birthdays.HandleAsync(admin, query with { CountLimit = 1000 }, CancellationToken.None);
        Assert.Equal((3, true), (aboveCap.Total, aboveCap.TotalCapped));
    }
}
