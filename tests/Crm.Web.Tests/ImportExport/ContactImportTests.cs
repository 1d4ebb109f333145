using System.Net;
using Crm.Web.Tests.Infrastructure;
using MiniExcelLibs;

namespace Crm.Web.Tests.ImportExport;

[Collection("api")]
public sealed class ContactImportTests(ApiFixture api)
{
    private const string Url = "/api/v1/sales/contacts/import";

    private static readonly string[] Header = ["客户编号", "客户名称", "姓名*", "职位", "手机号码", "电子邮箱", "生日", "主要联系人"];

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonNodeResult> ImportAsync(HttpClient client, byte[] file, string query = "")
    {
        var response = await client.UploadAsync(file, query, "联系人.xlsx", Url);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"import → {(int)response.StatusCode}: {body}");
        return new JsonNodeResult(body);
    }

    private sealed record JsonNodeResult(System.Text.Json.Nodes.JsonNode Body);

    [Fact]
    public async Task Contacts_are_imported_to_customers_named_by_code_or_name_and_a_new_primary_takes_over()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var prefix = Unique("联系人导入");
        var a = await sales.Client.CreateCustomerAsync(new { name = $"{prefix}甲" });
        var b = await sales.Client.CreateCustomerAsync(new { name = $"{prefix}乙" });
        var foreign = await other.Client.CreateCustomerAsync(new { name = $"{prefix}别人的" });
        var old = await sales.Client.CreateContactAsync(a.Id(), new { name = "老联系人", is_primary = true });

        var bad = await ImportAsync(sales.Client, Sheets.Xlsx(
            Header,
            [a.Str("customer_code"), null, "张三", "经理", "+86 138-0013-8000", "zs@example.cn", "1980-01-02", "是"],
            [null, $"{prefix}乙", "李四", null, "12345", null, null, "否"],
            [foreign.Str("customer_code"), null, "王五", null, null, null, null, null],
            [null, $"{prefix}甲", "赵六", null, null, "not-an-email", "2999-01-01", "是"],
            [null, null, "无主", null, null, null, null, "也许"]));
        var errors = bad.Body.Errors().Select(e => (Row: e!.Int("row"), Column: e!.Str("column"))).ToList();
        Assert.Contains((3, "手机号码"), errors);
        Assert.Contains((4, "客户编号"), errors);
        Assert.Contains((5, "电子邮箱"), errors);
        Assert.Contains((5, "生日"), errors);
        Assert.Contains((5, "主要联系人"), errors);
        Assert.Contains((6, "客户名称"), errors);
        Assert.Contains((6, "主要联系人"), errors);
        Assert.DoesNotContain(errors, e => e.Row == 2);
        Assert.Contains(bad.Body.Errors(), e => e!.Int("row") == 4 && e!.Str("message") == "客户不存在");
        Assert.Empty((await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{b.Id()}/contacts")).AsArray());

        var good = await ImportAsync(sales.Client, Sheets.Xlsx(
            Header,
            [a.Str("customer_code"), null, "张三", "经理", "+86 138-0013-8000", "zs@example.cn", new DateTime(1980, 1, 2), "是"],
            [null, $"{prefix}乙", "李四", null, "13900139000", null, null, "否"]));
        Assert.Equal(2, good.Body.Int("created"));

        var contactsOfA = (await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{a.Id()}/contacts")).AsArray();
        Assert.Equal(["张三", "老联系人"], contactsOfA.Select(c => c!.Str("name")));
        Assert.True(contactsOfA[0]!.Bool("is_primary"));
        Assert.False(contactsOfA[1]!.Bool("is_primary"));
        Assert.Equal("13800138000", contactsOfA[0]!.Str("mobile"));
        Assert.Equal("1980-01-02", contactsOfA[0]!.Str("birthday"));
        Assert.Equal(old.Id(), contactsOfA[1]!.Id());

        // Export → import(update) changes nothing; the same name at the same customer is a duplicate.
        var export = await sales.Client.GetByteArrayAsync($"/api/v1/sales/contacts/export?keyword=");
        var rows = new MemoryStream(export).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => (string?)r["姓名*"] == "张三" && (string?)r["主要联系人"] == "是" && (string?)r["客户编号"] == a.Str("customer_code"));
        var again = await ImportAsync(sales.Client, export, "on_duplicate=update");
        Assert.Equal((3, 0, 0, 3), (again.Body.Int("total_rows"), again.Body.Int("created"), again.Body.Int("updated"), again.Body.Int("skipped")));
        Assert.Empty(again.Body.Errors());

        var fail = await ImportAsync(sales.Client, export, "on_duplicate=fail&dry_run=true");
        Assert.Equal(3, fail.Body.Errors().Count);
    }

    [Fact]
    public async Task Contact_template_lists_the_customer_columns_and_a_yes_no_drop_down()
    {
        var response = await api.Admin.GetAsync("/api/v1/sales/contacts/import-template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var header = new MemoryStream(bytes).Query(useHeaderRow: false, sheetName: "联系人").Cast<IDictionary<string, object?>>().First();
        Assert.Equal(["客户编号", "客户名称", "姓名*", "职位", "部门", "手机号码", "座机", "电子邮箱", "微信号", "生日", "兴趣爱好", "备注", "主要联系人"], header.Values.Select(v => v?.ToString()));
        Assert.Contains("填写说明", new MemoryStream(bytes).GetSheetNames());
    }
}
