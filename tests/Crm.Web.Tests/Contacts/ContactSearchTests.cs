using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Contacts;

[Collection("api")]
public sealed class ContactSearchTests(ApiFixture api)
{
    [Fact]
    public async Task Keyword_matches_name_mobile_and_email_case_insensitively_and_literally()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "搜索客户" });
        await sales.Client.CreateContactAsync(customer.Id(), new { name = "Alice Wang", email = "alice@Example.com" });
        await sales.Client.CreateContactAsync(customer.Id(), new { name = "韩梅梅", mobile = "13812345678" });
        await sales.Client.CreateContactAsync(customer.Id(), new { name = "百分之百%先生", email = "bob_smith@corp.cn" });

        async Task<string[]> Search(string keyword) =>
            (await sales.Client.GetJsonAsync("/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString(keyword))).Items().Strings("name");

        Assert.Equal(["Alice Wang"], await Search("ALICE"));
        Assert.Equal(["Alice Wang"], await Search("example.COM"));
        Assert.Equal(["韩梅梅"], await Search("梅梅"));
        Assert.Equal(["韩梅梅"], await Search("2345"));
        Assert.Equal(["百分之百%先生"], await Search("%"));
        Assert.Equal(["百分之百%先生"], await Search("_"));
        Assert.Empty(await Search("nobody"));
        Assert.Equal(3, (await sales.Client.GetJsonAsync("/api/v1/sales/contacts?keyword="))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Keyword_matches_the_contact_by_pinyin_and_by_the_customers_name()
    {
        var sales = await api.NewUserAsync();
        var yangtze = await sales.Client.CreateCustomerAsync(new { name = "长江实业集团" });
        var other = await sales.Client.CreateCustomerAsync(new { name = "北京华创电子" });
        await sales.Client.CreateContactAsync(yangtze.Id(), new { name = "曾志强", mobile = "13812340001" });
        await sales.Client.CreateContactAsync(other.Id(), new { name = "王伟", mobile = "13812340002" });

        async Task<string[]> Search(string keyword) =>
            (await sales.Client.GetJsonAsync("/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString(keyword))).Items().Strings("name");

        Assert.Equal(["王伟"], await Search("wangwei"));
        Assert.Equal(["王伟"], await Search("ww"));
        Assert.Equal(["曾志强"], await Search("zengzhi"));
        Assert.Equal(["曾志强"], await Search("cengzhiqiang"));
        Assert.Equal(["曾志强"], await Search("长江实业"));
        Assert.Equal(["王伟"], await Search("华创"));
        Assert.Empty(await Search("wangwu"));

        // The customer's new name finds its contacts at once; the old one no longer does.
        await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{other.Id()}", new { name = "北京远景科技" });
        Assert.Equal(["王伟"], await Search("远景"));
        Assert.Empty(await Search("华创"));
    }

    [Fact]
    public async Task Search_follows_edits_and_deletes_of_contacts()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "索引客户" });
        var contact = await sales.Client.CreateContactAsync(customer.Id(), new { name = "李雷", mobile = "13955550001" });

        async Task<long> Count(string keyword) =>
            (await sales.Client.GetJsonAsync("/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString(keyword)))["total"]!.GetValue<long>();

        Assert.Equal(1, await Count("1395555"));
        (await sales.Client.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { mobile = "13766660002", name = "李雷雷" })).EnsureSuccessStatusCode();
        Assert.Equal(0, await Count("1395555"));
        Assert.Equal(1, await Count("1376666"));
        Assert.Equal(1, await Count("雷雷"));
        Assert.Equal(HttpStatusCode.NoContent, (await sales.Client.DeleteAsync($"/api/v1/sales/contacts/{contact.Id()}")).StatusCode);
        Assert.Equal(0, await Count("1376666"));
    }

    [Fact]
    public async Task Search_is_paged_newest_first_filters_by_customer_and_carries_customer_names()
    {
        var sales = await api.NewUserAsync();
        var first = await sales.Client.CreateCustomerAsync(new { name = "一号客户" });
        var second = await sales.Client.CreateCustomerAsync(new { name = "二号客户" });
        for (var i = 1; i <= 3; i++)
        {
            await sales.Client.CreateContactAsync(first.Id(), new { name = $"一号联系人{i}" });
        }

        await sales.Client.CreateContactAsync(second.Id(), new { name = "二号联系人" });

        var page1 = await sales.Client.GetJsonAsync("/api/v1/sales/contacts?page=1&page_size=2");
        Assert.Equal(4, page1["total"]!.GetValue<long>());
        Assert.Equal(1, page1["page"]!.GetValue<int>());
        Assert.Equal(2, page1["page_size"]!.GetValue<int>());
        Assert.Equal(["二号联系人", "一号联系人3"], page1.Items().Strings("name"));
        Assert.Equal(["二号客户", "一号客户"], page1.Items().Strings("customer_name"));
        Assert.Equal(["一号联系人2", "一号联系人1"], (await sales.Client.GetJsonAsync("/api/v1/sales/contacts?page=2&page_size=2")).Items().Strings("name"));

        var ofFirst = await sales.Client.GetJsonAsync($"/api/v1/sales/contacts?customer_id={first.Id()}&keyword=" + Uri.EscapeDataString("联系人"));
        Assert.Equal(3, ofFirst["total"]!.GetValue<long>());
        Assert.All(ofFirst.Items(), c => Assert.Equal(first.Id(), c!.Long("customer_id")));
    }

    [Fact]
    public async Task Admin_searches_everyone_and_a_salesperson_only_their_own()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "范围客户" });
        var marker = Guid.NewGuid().ToString("N")[..10];
        await owner.Client.CreateContactAsync(customer.Id(), new { name = "范围" + marker });

        Assert.Equal(1, (await api.Admin.GetJsonAsync($"/api/v1/sales/contacts?keyword={marker}"))["total"]!.GetValue<long>());
        Assert.Equal(1, (await owner.Client.GetJsonAsync($"/api/v1/sales/contacts?keyword={marker}"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await other.Client.GetJsonAsync($"/api/v1/sales/contacts?keyword={marker}"))["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=x")]
    [InlineData("page_size=0")]
    [InlineData("page_size=101")]
    [InlineData("customer_id=abc")]
    [InlineData("customer_id=-3")]
    public async Task Bad_parameters_are_400_not_clamped(string query)
    {
        var response = await api.Admin.GetAsync($"/api/v1/sales/contacts?{query}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_parameters_count_as_not_given()
    {
        var page = await api.Admin.GetJsonAsync("/api/v1/sales/contacts?page=&page_size=&keyword=&customer_id=");
        Assert.Equal(1, page["page"]!.GetValue<int>());
        Assert.Equal(20, page["page_size"]!.GetValue<int>());
    }
}
