using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Contacts;

[Collection("api")]
public sealed class PrimaryContactTests(ApiFixture api)
{
    private async Task<string[]> PrimaryNamesAsync(long customerId)
    {
        var list = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customerId}/contacts");
        return list.AsArray().Where(c => c!.Bool("is_primary")).Select(c => c!.Str("name")).ToArray();
    }

    [Fact]
    public async Task A_new_primary_contact_replaces_the_old_one_on_create_update_and_set_primary()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "主联系人客户" });
        var a = await api.Admin.CreateContactAsync(customer.Id(), new { name = "甲", is_primary = true });
        Assert.True(a.Bool("is_primary"));

        var b = await api.Admin.CreateContactAsync(customer.Id(), new { name = "乙", is_primary = true });
        Assert.True(b.Bool("is_primary"));
        Assert.Equal(["乙"], await PrimaryNamesAsync(customer.Id()));

        var viaUpdate = await api.Admin.PutJsonAsync($"/api/v1/sales/contacts/{a.Id()}", new { is_primary = true }).OkJsonAsync();
        Assert.True(viaUpdate.Bool("is_primary"));
        Assert.Equal(["甲"], await PrimaryNamesAsync(customer.Id()));

        var viaSetPrimary = await api.Admin.PostAsync($"/api/v1/sales/contacts/{b.Id()}/set-primary", null).OkJsonAsync();
        Assert.Equal(b.Id(), viaSetPrimary.Id());
        Assert.True(viaSetPrimary.Bool("is_primary"));
        Assert.Equal("主联系人客户", viaSetPrimary.Str("customer_name"));
        Assert.Equal(["乙"], await PrimaryNamesAsync(customer.Id()));

        // Setting the primary again is harmless; unsetting leaves the customer without one.
        await api.Admin.PostAsync($"/api/v1/sales/contacts/{b.Id()}/set-primary", null).OkJsonAsync();
        Assert.Equal(["乙"], await PrimaryNamesAsync(customer.Id()));
        await api.Admin.PutJsonAsync($"/api/v1/sales/contacts/{b.Id()}", new { is_primary = false }).OkJsonAsync();
        Assert.Empty(await PrimaryNamesAsync(customer.Id()));
    }

    [Fact]
    public async Task Primary_contacts_of_different_customers_are_independent()
    {
        var first = await api.Admin.CreateCustomerAsync(new { name = "客户一" });
        var second = await api.Admin.CreateCustomerAsync(new { name = "客户二" });
        await api.Admin.CreateContactAsync(first.Id(), new { name = "一号", is_primary = true });
        await api.Admin.CreateContactAsync(second.Id(), new { name = "二号", is_primary = true });

        Assert.Equal(["一号"], await PrimaryNamesAsync(first.Id()));
        Assert.Equal(["二号"], await PrimaryNamesAsync(second.Id()));
    }

    [Fact]
    public async Task Twenty_parallel_set_primary_calls_leave_exactly_one_primary()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "并发主联系人" });
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await sales.Client.CreateContactAsync(customer.Id(), new { name = $"联系人{i}", is_primary = i == 0 })).Id());
        }

        var responses = await Task.WhenAll(ids.Select(id => sales.Client.PostAsync($"/api/v1/sales/contacts/{id}/set-primary", null)));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.True((await response.ReadJsonAsync()).Bool("is_primary"));
        }

        Assert.Single(await PrimaryNamesAsync(customer.Id()));
    }

    [Fact]
    public async Task Parallel_creates_of_primary_contacts_leave_exactly_one_primary()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "并发新建主联系人" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", new { name = $"新人{i}", is_primary = true })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(await PrimaryNamesAsync(customer.Id()));
        Assert.Equal(10, (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts")).AsArray().Count);
    }

    [Fact]
    public async Task The_replaced_primary_shows_it_changed()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "更新时间" });
        var a = await api.Admin.CreateContactAsync(customer.Id(), new { name = "旧主", is_primary = true });
        await Task.Delay(20);
        await api.Admin.CreateContactAsync(customer.Id(), new { name = "新主", is_primary = true });

        var old = await api.Admin.GetJsonAsync($"/api/v1/sales/contacts/{a.Id()}");
        Assert.False(old.Bool("is_primary"));
        Assert.True(DateTimeOffset.Parse(old.Str("updated_at")) > DateTimeOffset.Parse(a.Str("updated_at")));
    }
}
