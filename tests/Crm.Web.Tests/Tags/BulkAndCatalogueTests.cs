using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Tags;

[Collection("api")]
public sealed class BulkAndCatalogueTests(ApiFixture api)
{
    private const string Bulk = "/api/v1/sales/customers/tags/bulk";

    private async Task<string[]> TagNamesAsync(long customerId) =>
        (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customerId}/tags")).Strings("tag_name");

    private static int Affected(JsonNode body) => body["affected"]!.GetValue<int>();

    [Fact]
    public async Task Bulk_tagging_adds_missing_names_to_every_customer_and_counts_rows_created()
    {
        var sales = await api.NewUserAsync();
        var a = await sales.Client.CreateCustomerAsync(new { name = "批量甲" });
        var b = await sales.Client.CreateCustomerAsync(new { name = "批量乙" });
        await sales.Client.AddTagAsync(a.Id(), "重点客户");

        var added = await sales.Client.PostAsJsonAsync(Bulk, new { customer_ids = new[] { a.Id(), b.Id(), a.Id() }, tag_names = new[] { "重点客户", "展会2026", "重点客户" } }).OkJsonAsync();

        Assert.Equal(3, Affected(added));
        Assert.Equal(["重点客户", "展会2026"], await TagNamesAsync(a.Id()));
        Assert.Equal(["重点客户", "展会2026"], await TagNamesAsync(b.Id()));

        var removed = await sales.Client.DeleteJsonAsync(Bulk, new { customer_ids = new[] { a.Id(), b.Id() }, tag_names = new[] { "展会2026", "流失客户" } }).OkJsonAsync();

        Assert.Equal(2, Affected(removed));
        Assert.Equal(["重点客户"], await TagNamesAsync(a.Id()));
        Assert.Equal(["重点客户"], await TagNamesAsync(b.Id()));
    }

    [Fact]
    public async Task Bulk_request_naming_a_customer_out_of_scope_or_missing_is_404_and_changes_nothing()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var mine = await sales.Client.CreateCustomerAsync(new { name = "我的" });
        var theirs = await other.Client.CreateCustomerAsync(new { name = "他的" });
        await other.Client.AddTagAsync(theirs.Id(), "普通客户");

        await (await sales.Client.PostAsJsonAsync(Bulk, new { customer_ids = new[] { mine.Id(), theirs.Id() }, tag_names = new[] { "新客户" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await sales.Client.PostAsJsonAsync(Bulk, new { customer_ids = new[] { mine.Id(), 987654321L }, tag_names = new[] { "新客户" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await sales.Client.DeleteJsonAsync(Bulk, new { customer_ids = new[] { mine.Id(), theirs.Id() }, tag_names = new[] { "普通客户" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");

        Assert.Empty(await TagNamesAsync(mine.Id()));
        Assert.Equal(["普通客户"], await TagNamesAsync(theirs.Id()));

        // An admin manages every customer.
        Assert.Equal(2, Affected(await api.Admin.PostAsJsonAsync(Bulk, new { customer_ids = new[] { mine.Id(), theirs.Id() }, tag_names = new[] { "新客户" } }).OkJsonAsync()));
    }

    [Theory]
    [InlineData("""{"tag_names":["新客户"]}""", "客户不能为空")]
    [InlineData("""{"customer_ids":[],"tag_names":["新客户"]}""", "客户不能为空")]
    [InlineData("""{"customer_ids":["1"],"tag_names":["新客户"]}""", "客户必须是列表")]
    [InlineData("""{"customer_ids":[0],"tag_names":["新客户"]}""", "客户必须是列表")]
    [InlineData("""{"customer_ids":[{id}]}""", "标签不能为空")]
    [InlineData("""{"customer_ids":[{id}],"tag_names":["新客户"," "]}""", "标签名称不能为空")]
    public async Task Bad_bulk_bodies_are_400_and_change_nothing(string json, string message)
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "批量坏请求" });
        var body = json.Replace("{id}", customer.Id().ToString());

        await (await api.Admin.PostRawAsync(Bulk, body)).AssertErrorAsync(HttpStatusCode.BadRequest, message);
        Assert.Empty(await TagNamesAsync(customer.Id()));
    }

    [Fact]
    public async Task More_than_1000_customers_in_one_bulk_request_is_refused()
    {
        var ids = Enumerable.Range(1, 1001).Select(i => (long)i).ToArray();
        var response = await api.Admin.PostAsJsonAsync(Bulk, new { customer_ids = ids, tag_names = new[] { "新客户" } });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "客户一次最多1000个");
    }

    [Fact]
    public async Task Catalogue_lists_predefined_tags_first_then_custom_by_count_scoped_to_the_caller()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var a = await sales.Client.CreateCustomerAsync(new { name = "目录甲" });
        var b = await sales.Client.CreateCustomerAsync(new { name = "目录乙" });
        var theirs = await other.Client.CreateCustomerAsync(new { name = "目录丙" });
        await sales.Client.PostAsJsonAsync(Bulk, new { customer_ids = new[] { a.Id(), b.Id() }, tag_names = new[] { "重点客户", "乙区域" } }).OkJsonAsync();
        await sales.Client.AddTagAsync(a.Id(), "新客户");
        await sales.Client.AddTagAsync(a.Id(), "甲区域");
        await sales.Client.AddTagAsync(b.Id(), "丙区域");
        await other.Client.PostCreatedAsync($"/api/v1/sales/customers/{theirs.Id()}/tags/batch", new { tag_names = new[] { "重点客户", "丙区域", "别人的标签" } });

        var catalogue = (await sales.Client.GetJsonAsync("/api/v1/sales/customer-tags")).AsArray();

        Assert.Equal(
            ["重点客户", "战略客户", "普通客户", "流失客户", "高价值客户", "长期合作", "新客户", "乙区域", "丙区域", "甲区域"],
            catalogue.Select(t => t!.Str("tag_name")));
        Assert.Equal([2L, 0, 0, 0, 0, 0, 1, 2, 1, 1], catalogue.Select(t => t!.Long("customer_count")));
        Assert.Equal(7, catalogue.Count(t => t!.Bool("is_predefined")));

        var theirsCatalogue = (await other.Client.GetJsonAsync("/api/v1/sales/customer-tags")).AsArray();
        Assert.Equal(["丙区域", "别人的标签"], theirsCatalogue.Where(t => !t!.Bool("is_predefined")).Select(t => t!.Str("tag_name")).Order());
        Assert.Equal(1, theirsCatalogue.First(t => t!.Str("tag_name") == "重点客户")!.Long("customer_count"));
    }

    [Fact]
    public async Task Admin_renames_a_tag_everywhere_merging_where_the_new_name_exists()
    {
        var from = RecordHelpers.UniqueTag("旧名");
        var to = RecordHelpers.UniqueTag("新名");
        var a = await api.Admin.CreateCustomerAsync(new { name = "改名甲" });
        var b = await api.Admin.CreateCustomerAsync(new { name = "改名乙" });
        var c = await api.Admin.CreateCustomerAsync(new { name = "改名丙" });
        await api.Admin.PostAsJsonAsync(Bulk, new { customer_ids = new[] { a.Id(), b.Id() }, tag_names = new[] { from } }).OkJsonAsync();
        await api.Admin.PostAsJsonAsync(Bulk, new { customer_ids = new[] { b.Id(), c.Id() }, tag_names = new[] { to } }).OkJsonAsync();
        var version = (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{a.Id()}"))["version"]!.GetValue<int>();

        var renamed = await api.Admin.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from = $" {from} ", to }).OkJsonAsync();

        Assert.Equal(2, Affected(renamed));
        Assert.Equal([to], await TagNamesAsync(a.Id()));
        Assert.Equal([to], await TagNamesAsync(b.Id()));
        Assert.Equal([to], await TagNamesAsync(c.Id()));
        var catalogue = (await api.Admin.GetJsonAsync("/api/v1/sales/customer-tags")).AsArray();
        Assert.DoesNotContain(catalogue, t => t!.Str("tag_name") == from);
        Assert.Equal(3, catalogue.Single(t => t!.Str("tag_name") == to)!.Long("customer_count"));
        Assert.Equal(version, (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{a.Id()}"))["version"]!.GetValue<int>());

        await (await api.Admin.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from, to })).AssertErrorAsync(HttpStatusCode.NotFound, "标签不存在");
        await (await api.Admin.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from = to, to = "" })).AssertErrorAsync(HttpStatusCode.BadRequest, "标签名称不能为空");
        Assert.Equal(0, Affected(await api.Admin.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from = to, to }).OkJsonAsync()));
        Assert.Equal([to], await TagNamesAsync(c.Id()));
    }

    [Fact]
    public async Task Admin_deletes_a_tag_everywhere()
    {
        var name = RecordHelpers.UniqueTag("删除");
        var a = await api.Admin.CreateCustomerAsync(new { name = "全删甲" });
        var b = await api.Admin.CreateCustomerAsync(new { name = "全删乙" });
        await api.Admin.PostAsJsonAsync(Bulk, new { customer_ids = new[] { a.Id(), b.Id() }, tag_names = new[] { name, "新客户" } }).OkJsonAsync();

        var deleted = await api.Admin.DeleteAsync("/api/v1/sales/customer-tags?tag_name=" + Uri.EscapeDataString(name)).OkJsonAsync();

        Assert.Equal(2, Affected(deleted));
        Assert.Equal(["新客户"], await TagNamesAsync(a.Id()));
        Assert.Equal(["新客户"], await TagNamesAsync(b.Id()));
        await (await api.Admin.DeleteAsync("/api/v1/sales/customer-tags?tag_name=" + Uri.EscapeDataString(name))).AssertErrorAsync(HttpStatusCode.NotFound, "标签不存在");
        await (await api.Admin.DeleteAsync("/api/v1/sales/customer-tags")).AssertErrorAsync(HttpStatusCode.BadRequest, "标签名称不能为空");
    }

    [Fact]
    public async Task Salespeople_may_not_rename_or_delete_tags_everywhere()
    {
        var sales = await api.NewUserAsync();
        var name = RecordHelpers.UniqueTag("销售");
        var customer = await sales.Client.CreateCustomerAsync(new { name = "不许全改" });
        await sales.Client.AddTagAsync(customer.Id(), name);

        await (await sales.Client.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from = name, to = "新名字" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await sales.Client.DeleteAsync("/api/v1/sales/customer-tags?tag_name=" + Uri.EscapeDataString(name))).AssertErrorAsync(HttpStatusCode.Forbidden);

        Assert.Equal([name], await TagNamesAsync(customer.Id()));
    }

    [Fact]
    public async Task Parallel_batches_of_the_same_names_never_duplicate_a_tag()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "并发打标签" });
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/tags/batch", new { tag_names = new[] { "重点客户", "新客户" } })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var created = 0;
        foreach (var response in responses)
        {
            created += (await response.ReadJsonAsync()).AsArray().Count;
        }

        Assert.Equal(2, created);
        Assert.Equal(["重点客户", "新客户"], await TagNamesAsync(customer.Id()));
    }
}
