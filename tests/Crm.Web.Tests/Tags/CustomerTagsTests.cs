using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Tags;

[Collection("api")]
public sealed class CustomerTagsTests(ApiFixture api)
{
    private static async Task<string[]> TagNamesAsync(HttpClient client, long customerId) =>
        (await client.GetJsonAsync($"/api/v1/sales/customers/{customerId}/tags")).Strings("tag_name");

    [Fact]
    public async Task Predefined_tags_come_in_the_spec_order()
    {
        var sales = await api.NewUserAsync();
        var body = await sales.Client.GetJsonAsync("/api/v1/sales/customer-tags/predefined");
        Assert.Equal(["重点客户", "战略客户", "普通客户", "流失客户", "高价值客户", "长期合作", "新客户"], body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Adding_a_tag_returns_it_and_shows_it_on_the_customer()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "打标签" });

        var tag = await sales.Client.AddTagAsync(customer.Id(), "  重点客户 ");

        Assert.Equal(customer.Id(), tag.Long("customer_id"));
        Assert.Equal("重点客户", tag.Str("tag_name"));
        Assert.True(tag.Long("id") > 0);
        Assert.EndsWith("+08:00", tag.Str("created_at"));
        var custom = await sales.Client.AddTagAsync(customer.Id(), "华东区");
        Assert.Equal(["重点客户", "华东区"], await TagNamesAsync(sales.Client, customer.Id()));
        Assert.Equal(["重点客户", "华东区"], (await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}"))["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.NotEqual(tag.Id(), custom.Id());
    }

    [Fact]
    public async Task Adding_a_tag_the_customer_already_has_is_400_and_changes_nothing()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "重复标签" });
        await api.Admin.AddTagAsync(customer.Id(), "战略客户");

        var again = await api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/tags", new { tag_name = " 战略客户" });

        await again.AssertErrorAsync(HttpStatusCode.BadRequest, "该客户已有此标签");
        Assert.Equal(["战略客户"], await TagNamesAsync(api.Admin, customer.Id()));
    }

    [Theory]
    [InlineData("""{"tag_name":""}""", "标签名称不能为空")]
    [InlineData("""{}""", "标签名称不能为空")]
    [InlineData("""{"tag_name":"一二三四五六七八九十一二三四五六七八九十一"}""", "标签名称不能超过20个字符")]
    [InlineData("""{"tag_name":"重点\n客户"}""", "标签名称不能包含换行")]
    [InlineData("""{"tag_name":"重点\u200b客户"}""", "标签名称不能包含换行")]
    [InlineData("""{"tag_name":7}""", "标签名称必须是文本")]
    public async Task Bad_tag_names_are_400_in_chinese(string json, string message)
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "坏标签" });
        var response = await api.Admin.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/tags", json);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, message);
        Assert.Empty(await TagNamesAsync(api.Admin, customer.Id()));
    }

    [Fact]
    public async Task Twenty_characters_is_the_longest_tag_counted_as_people_see_them()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "二十字" });
        var longest = string.Concat(Enumerable.Repeat("𠀀", 20));
        Assert.Equal(longest, (await api.Admin.AddTagAsync(customer.Id(), longest)).Str("tag_name"));
    }

    [Fact]
    public async Task Batch_add_skips_existing_names_collapses_repeats_and_returns_only_the_created()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "批量标签" });
        await api.Admin.AddTagAsync(customer.Id(), "重点客户");

        var created = await api.Admin.PostCreatedAsync(
            $"/api/v1/sales/customers/{customer.Id()}/tags/batch",
            new { tag_names = new[] { "新客户", "重点客户", " 新客户 ", "华南区", "新客户" } });

        Assert.Equal(["新客户", "华南区"], created.Strings("tag_name"));
        Assert.All(created.AsArray(), t => Assert.Equal(customer.Id(), t!.Long("customer_id")));
        Assert.Equal(["重点客户", "新客户", "华南区"], await TagNamesAsync(api.Admin, customer.Id()));

        // Names are compared exactly: VIP and vip are two tags.
        var cased = await api.Admin.PostCreatedAsync($"/api/v1/sales/customers/{customer.Id()}/tags/batch", new { tag_names = new[] { "VIP", "vip", "VIP" } });
        Assert.Equal(["VIP", "vip"], cased.Strings("tag_name"));

        var nothingNew = await api.Admin.PostCreatedAsync($"/api/v1/sales/customers/{customer.Id()}/tags/batch", new { tag_names = new[] { "重点客户" } });
        Assert.Empty(nothingNew.AsArray());
        Assert.Equal(["重点客户", "新客户", "华南区", "VIP", "vip"], await TagNamesAsync(api.Admin, customer.Id()));
    }

    [Theory]
    [InlineData("""{"tag_names":["长期合作",""]}""", "标签名称不能为空")]
    [InlineData("""{"tag_names":["长期合作","一二三四五六七八九十一二三四五六七八九十一"]}""", "标签名称不能超过20个字符")]
    [InlineData("""{"tag_names":[]}""", "标签不能为空")]
    [InlineData("""{}""", "标签不能为空")]
    [InlineData("""{"tag_names":"长期合作"}""", "标签必须是列表")]
    [InlineData("""{"tag_names":["长期合作",3]}""", "标签必须是列表")]
    public async Task Batch_with_any_invalid_name_is_refused_whole(string json, string message)
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "批量坏标签" });
        var response = await api.Admin.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/tags/batch", json);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, message);
        Assert.Empty(await TagNamesAsync(api.Admin, customer.Id()));
    }

    [Fact]
    public async Task Batch_of_more_than_50_names_is_refused()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "太多标签" });
        var names = Enumerable.Range(1, 51).Select(i => $"标签{i}").ToArray();
        var response = await api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/tags/batch", new { tag_names = names });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "标签一次最多50个");
        Assert.Empty(await TagNamesAsync(api.Admin, customer.Id()));
    }

    [Fact]
    public async Task Delete_by_id_and_by_name()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "删标签" });
        var vip = await api.Admin.AddTagAsync(customer.Id(), "重点客户");
        await api.Admin.AddTagAsync(customer.Id(), "华北区");
        await api.Admin.AddTagAsync(customer.Id(), "新客户");

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{customer.Id()}/tags/{vip.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{customer.Id()}/tags?tag_name=" + Uri.EscapeDataString(" 华北区 "))).StatusCode);

        Assert.Equal(["新客户"], await TagNamesAsync(api.Admin, customer.Id()));
        await (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{customer.Id()}/tags/{vip.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound, "标签不存在");
    }

    [Fact]
    public async Task Deleting_a_name_the_customer_lacks_or_another_customers_tag_is_404_and_changes_nothing()
    {
        var first = await api.Admin.CreateCustomerAsync(new { name = "标签甲" });
        var second = await api.Admin.CreateCustomerAsync(new { name = "标签乙" });
        var secondsTag = await api.Admin.AddTagAsync(second.Id(), "流失客户");
        await api.Admin.AddTagAsync(first.Id(), "普通客户");

        await (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{first.Id()}/tags/{secondsTag.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound, "标签不存在");
        await (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{first.Id()}/tags?tag_name=" + Uri.EscapeDataString("流失客户"))).AssertErrorAsync(HttpStatusCode.NotFound, "标签不存在");
        await (await api.Admin.DeleteAsync($"/api/v1/sales/customers/{first.Id()}/tags")).AssertErrorAsync(HttpStatusCode.BadRequest, "标签名称不能为空");

        Assert.Equal(["流失客户"], await TagNamesAsync(api.Admin, second.Id()));
        Assert.Equal(["普通客户"], await TagNamesAsync(api.Admin, first.Id()));
    }

    [Fact]
    public async Task Tags_do_not_change_the_customer_version_or_updated_at()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "标签不改版本" });
        var tag = await sales.Client.AddTagAsync(customer.Id(), "重点客户");
        await sales.Client.PostCreatedAsync($"/api/v1/sales/customers/{customer.Id()}/tags/batch", new { tag_names = new[] { "新客户", "长期合作" } });
        await sales.Client.DeleteAsync($"/api/v1/sales/customers/{customer.Id()}/tags/{tag.Id()}");
        await sales.Client.PostAsJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = new[] { customer.Id() }, tag_names = new[] { "华东区" } }).OkJsonAsync();
        await sales.Client.DeleteJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = new[] { customer.Id() }, tag_names = new[] { "新客户" } }).OkJsonAsync();

        var after = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}");
        Assert.Equal(1, after["version"]!.GetValue<int>());
        Assert.Equal(customer.Str("updated_at"), after.Str("updated_at"));
        Assert.Equal(["长期合作", "华东区"], after["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_salesperson_cannot_see_or_change_tags()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "别人的标签" });
        var tag = await owner.Client.AddTagAsync(customer.Id(), "重点客户");
        var url = $"/api/v1/sales/customers/{customer.Id()}/tags";

        await (await other.Client.GetAsync(url)).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await other.Client.PostAsJsonAsync(url, new { tag_name = "流失客户" })).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await other.Client.PostAsJsonAsync($"{url}/batch", new { tag_names = new[] { "流失客户" } })).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"{url}/{tag.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"{url}?tag_name=" + Uri.EscapeDataString("重点客户"))).AssertErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(["重点客户"], await TagNamesAsync(owner.Client, customer.Id()));
    }

    [Fact]
    public async Task Customer_list_filters_by_every_tag_given_and_shows_tags_on_items()
    {
        var sales = await api.NewUserAsync();
        var both = await sales.Client.CreateCustomerAsync(new { name = "两个都有" });
        var onlyVip = await sales.Client.CreateCustomerAsync(new { name = "只有重点" });
        await sales.Client.CreateCustomerAsync(new { name = "没有标签" });
        await sales.Client.PostCreatedAsync($"/api/v1/sales/customers/{both.Id()}/tags/batch", new { tag_names = new[] { "重点客户", "华东区" } });
        await sales.Client.AddTagAsync(onlyVip.Id(), "重点客户");
        var vip = Uri.EscapeDataString("重点客户");
        var east = Uri.EscapeDataString("华东区");

        var vips = await sales.Client.GetJsonAsync($"/api/v1/sales/customers?tag={vip}");
        Assert.Equal(["只有重点", "两个都有"], vips.Items().Strings("name"));
        Assert.Equal(["重点客户"], vips.Items()[0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["重点客户", "华东区"], vips.Items()[1]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        Assert.Equal(["两个都有"], (await sales.Client.GetJsonAsync($"/api/v1/sales/customers?tag={vip}&tag={east}")).Items().Strings("name"));
        Assert.Empty((await sales.Client.GetJsonAsync($"/api/v1/sales/customers?tag={vip}&tag=" + Uri.EscapeDataString("流失客户"))).Items());
        Assert.Equal(3, (await sales.Client.GetJsonAsync("/api/v1/sales/customers?tag="))["total"]!.GetValue<long>());
    }
}
