using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Crm.Web.Tests.Customers;

/// <summary>A list total beyond Crm:ListCountCap is reported as the cap with total_capped = true (every paged list).</summary>
public sealed class CountCapTests : IAsyncLifetime
{
    private ApiFixture? _api;

    public async Task InitializeAsync()
    {
        _api = new ApiFixture(new CappedFactory());
        await _api.InitializeAsync();
    }

    public Task DisposeAsync() => _api!.DisposeAsync();

    [Fact]
    public async Task Total_is_capped_and_flagged_beyond_the_cap_and_exact_below_it()
    {
        for (var i = 0; i < 5; i++)
        {
            await _api!.Admin.CreateCustomerAsync(new { name = $"计数客户{i}" });
        }

        var capped = await _api!.Admin.GetJsonAsync("/api/v1/sales/customers?page_size=2");
        Assert.Equal(3, capped["total"]!.GetValue<long>());
        Assert.True(capped["total_capped"]!.GetValue<bool>());
        Assert.Equal(2, capped["items"]!.AsArray().Count);

        var page3 = await _api.Admin.GetJsonAsync("/api/v1/sales/customers?page_size=2&page=3");
        Assert.Single(page3["items"]!.AsArray());

        var exact = await _api.Admin.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("计数客户1"));
        Assert.Equal(1, exact["total"]!.GetValue<long>());
        Assert.False(exact["total_capped"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Contact_search_and_birthday_totals_are_capped_and_flagged()
    {
        var customer = await _api!.Admin.CreateCustomerAsync(new { name = "计数联系人客户" });
        for (var i = 0; i < 5; i++)
        {
            await _api.Admin.CreateContactAsync(customer.Id(), new { name = $"计数联系人{i}", birthday = "1990-01-01" });
        }

        var capped = await _api.Admin.GetJsonAsync("/api/v1/sales/contacts?page_size=2");
        Assert.Equal(3, capped["total"]!.GetValue<long>());
        Assert.True(capped["total_capped"]!.GetValue<bool>());
        Assert.Single((await _api.Admin.GetJsonAsync("/api/v1/sales/contacts?page_size=2&page=3")).Items());

        var exact = await _api.Admin.GetJsonAsync("/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString("计数联系人1"));
        Assert.Equal(1, exact["total"]!.GetValue<long>());
        Assert.False(exact["total_capped"]!.GetValue<bool>());

        var birthdays = await _api.Admin.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366");
        Assert.Equal(3, birthdays["total"]!.GetValue<long>());
        Assert.True(birthdays["total_capped"]!.GetValue<bool>());
    }

    private sealed class CappedFactory : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Crm:ListCountCap", "3");
        }
    }
}
