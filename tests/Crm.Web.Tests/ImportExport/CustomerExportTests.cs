using System.Net;
using System.Text;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Crm.Web.Tests.ImportExport;

[Collection("api")]
public sealed class CustomerExportTests(ApiFixture api)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static List<IDictionary<string, object?>> Read(byte[] file, bool csv = false) =>
        new MemoryStream(file).Query(useHeaderRow: true, excelType: csv ? ExcelType.CSV : ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();

    [Fact]
    public async Task Export_holds_the_filtered_list_with_computed_columns_and_neutralised_formulas()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var prefix = Unique("导出");
        var a = await sales.Client.CreateCustomerAsync(new { name = $"{prefix}甲", status = "customer", annual_revenue = 1_500_000.5m, cooperation_years = 4, industry = "汽车", established_date = "2010-03-15", credit_limit = 1000 });
        await sales.Client.CreateCustomerAsync(new { name = $"{prefix}乙", short_name = "=HYPERLINK(\"http://x\")", industry = "医疗" });
        await other.Client.CreateCustomerAsync(new { name = $"{prefix}别人的", industry = "汽车" });
        await sales.Client.CreateContactAsync(a.Id(), new { name = "王经理", mobile = "13800138000", is_primary = true });
        await sales.Client.AddTagAsync(a.Id(), "重点客户");
        await sales.Client.AddTagAsync(a.Id(), "长期合作");

        var response = await sales.Client.GetAsync($"/api/v1/sales/customers/export?keyword={prefix}&order_by=name&order_desc=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = Read(await response.Content.ReadAsByteArrayAsync());

        // Only the salesperson's own customers, in the list's order.
        Assert.Equal([$"{prefix}乙", $"{prefix}甲"], rows.Select(r => r["客户名称*"]?.ToString()).Order());
        var first = rows.Single(r => (string?)r["客户名称*"] == $"{prefix}甲");
        Assert.Equal("成交客户", first["客户状态"]);
        Assert.Equal("A", first["客户等级"]);
        Assert.Equal(1_500_000.5, Convert.ToDouble(first["年成交额"]));
        Assert.Equal("2010-03-15", first["成立日期"]);
        Assert.Equal(sales.Username, first["负责销售"]);
        Assert.Equal("重点客户、长期合作", first["标签"]);
        Assert.Equal("王经理", first["主要联系人"]);
        Assert.Equal("13800138000", first["手机"]?.ToString());
        Assert.Equal(1, Convert.ToInt32(first["联系人数量"]));
        var second = rows.Single(r => (string?)r["客户名称*"] == $"{prefix}乙");
        Assert.Equal("'=HYPERLINK(\"http://x\")", second["客户简称"]);

        // The list's filters apply: industry narrows it.
        var filtered = Read(await sales.Client.GetByteArrayAsync($"/api/v1/sales/customers/export?keyword={prefix}&industry=医疗"));
        Assert.Equal([$"{prefix}乙"], filtered.Select(r => r["客户名称*"]?.ToString()));

        // Exports are audited with the row count.
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var entry = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync(e => e.Action == "exported" && e.ActorId == sales.Id);
        Assert.Contains("\"rows\":1", entry.Changes);

        var bad = await sales.Client.GetAsync("/api/v1/sales/customers/export?format=pdf");
        await bad.AssertErrorAsync(HttpStatusCode.BadRequest, "format");
        var badSort = await sales.Client.GetAsync("/api/v1/sales/customers/export?order_by=nope");
        await badSort.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Csv_export_is_utf8_with_a_bom_and_neutralises_formula_cells()
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("CSV导出");
        await sales.Client.CreateCustomerAsync(new { name = $"{prefix}甲", address = "+86 上海", payment_terms = "@月结" });
        var bytes = await sales.Client.GetByteArrayAsync("/api/v1/sales/customers/export?format=csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.NotEqual(Encoding.UTF8.GetPreamble(), bytes[3..6]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("客户编号,客户名称*,", text);
        Assert.Contains("'+86 上海", text);
        Assert.Contains("'@月结", text);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task Export_then_import_with_update_changes_nothing_and_creates_nothing(string format)
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("往返");
        var a = await sales.Client.CreateCustomerAsync(new
        {
            name = $"{prefix}甲",
            short_name = "-减号开头",
            customer_type = "individual",
            industry = "汽车",
            scale = "中型",
            address = "=1+1",
            website = "https://a.example.cn",
            established_date = "2001-02-03",
            credit_limit = 1234.56m,
            payment_terms = "月结30天",
            account_period = 30,
            customer_source = "展会",
            status = "prospect",
            annual_revenue = 987654.32m,
            cooperation_years = 7,
        });
        await sales.Client.CreateCustomerAsync(new { name = $"{prefix}乙" });
        await sales.Client.AddTagAsync(a.Id(), "新客户");
        await sales.Client.CreateContactAsync(a.Id(), new { name = "联系人", mobile = "13900139000", is_primary = true });

        var file = await sales.Client.GetByteArrayAsync($"/api/v1/sales/customers/export?format={format}&keyword={prefix}");
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var auditBefore = await db.AuditEntries.CountAsync(e => e.ActorId == sales.Id && e.EntityType == "customer");

        var result = await sales.Client.ImportAsync(file, "on_duplicate=update", fileName: $"export.{format}");

        Assert.Equal((2, 0, 0, 2), (result.Int("total_rows"), result.Int("created"), result.Int("updated"), result.Int("skipped")));
        Assert.Empty(result.Errors());
        var after = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{a.Id()}");
        Assert.Equal(1, after["version"]!.GetValue<int>());
        Assert.Equal("=1+1", after.Str("address"));
        Assert.Equal("-减号开头", after.Str("short_name"));
        Assert.Equal(["新客户"], after["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync(e => e.ActorId == sales.Id && e.EntityType == "customer"));
    }
}
