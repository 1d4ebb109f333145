using System.Net;
using Crm.Web.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Crm.Web.Tests.ImportExport;

[Collection("api")]
public sealed class ErrorWorkbookAndUndoTests(ApiFixture api)
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_error_workbook_marks_the_bad_cells_and_once_fixed_imports_as_it_is()
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("错误报告");
        var file = Sheets.Xlsx(
            ["客户名称", "信用额度", "客户状态"],
            [$"{prefix}一", "1000", "成交客户"],
            [$"{prefix}二", "很多", "成交客户"],
            [$"{prefix}三", "500", "大客户"]);
        var dry = await sales.Client.ImportAsync(file, "dry_run=true", "我的客户.xlsx");
        Assert.Equal(2, dry.Errors().Count);
        var id = dry["import_id"]!.GetValue<long>();

        var response = await sales.Client.GetAsync($"/api/v1/sales/imports/{id}/errors.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("_错误报告.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var workbook = await response.Content.ReadAsByteArrayAsync();

        var rows = new MemoryStream(workbook).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["错误原因", "客户名称", "信用额度", "客户状态"], rows[0].Keys);
        Assert.Equal(3, rows.Count);
        Assert.True(string.IsNullOrEmpty(rows[0]["错误原因"]?.ToString()));
        Assert.StartsWith("【信用额度】", rows[1]["错误原因"]?.ToString());
        Assert.StartsWith("【客户状态】", rows[2]["错误原因"]?.ToString());

        // The bad cells are filled: C3 (信用额度 of Excel row 3) and D4 (客户状态 of row 4); a good cell is not.
        using (var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false))
        {
            var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
            var badStyle = cells["C3"].StyleIndex!.Value;
            Assert.Equal(badStyle, cells["D4"].StyleIndex!.Value);
            Assert.NotEqual(badStyle, cells["C2"].StyleIndex?.Value ?? 0);
            var fill = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)badStyle).FillId!.Value;
            Assert.True(fill > 1);
        }

        // The user fixes the two cells in this very file and uploads it again, 错误原因 column and all.
        rows[1]["信用额度"] = "2000";
        rows[2]["客户状态"] = "意向客户";
        using var fixedFile = new MemoryStream();
        fixedFile.SaveAs(rows);
        var result = await sales.Client.ImportAsync(fixedFile.ToArray(), fileName: "我的客户_错误报告.xlsx");
        Assert.Equal(3, result.Int("created"));
        Assert.Empty(result.Errors());

        var other = await api.NewUserAsync();
        var foreign = await other.Client.GetAsync($"/api/v1/sales/imports/{id}/errors.xlsx");
        await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "导入记录不存在");
        var clean = await sales.Client.GetAsync($"/api/v1/sales/imports/{result["import_id"]!.GetValue<long>()}/errors.xlsx");
        await clean.AssertErrorAsync(HttpStatusCode.NotFound, "没有错误报告");
    }

    [Fact]
    public async Task History_shows_each_import_to_its_owner_and_every_import_to_admins()
    {
        var sales = await api.NewUserAsync(displayName: "历史销售");
        var prefix = Unique("历史");
        var dry = await sales.Client.ImportAsync(Sheets.Xlsx(["客户名称"], [$"{prefix}一"]), "dry_run=true", "试导入.xlsx");
        var done = await sales.Client.ImportAsync(Sheets.Xlsx(["客户名称"], [$"{prefix}一"]), "", "正式.xlsx");

        var mine = (await sales.Client.GetJsonAsync("/api/v1/sales/imports")).Items();
        Assert.Equal(["正式.xlsx", "试导入.xlsx"], mine.Select(i => i!.Str("file_name")));
        Assert.Equal("imported", mine[0]!.Str("status"));
        Assert.Equal("checked", mine[1]!.Str("status"));
        Assert.True(mine[1]!.Bool("dry_run"));
        Assert.Equal(1, mine[0]!.Int("created"));
        Assert.Equal("历史销售", mine[0]!.Str("created_by_name"));

        var other = await api.NewUserAsync();
        Assert.Empty((await other.Client.GetJsonAsync("/api/v1/sales/imports")).Items());
        var all = (await api.Admin.GetJsonAsync("/api/v1/sales/imports?page_size=100")).Items();
        Assert.Contains(all, i => i!.Id() == done["import_id"]!.GetValue<long>());
        Assert.Contains(all, i => i!.Id() == dry["import_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Undo_deletes_what_the_import_created_restores_what_it_updated_and_leaves_later_changes_alone()
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("撤销");
        var existing = await sales.Client.CreateCustomerAsync(new { name = $"{prefix}老客户", industry = "汽车", annual_revenue = 100000, status = "customer" });
        var file = Sheets.Xlsx(
            ["客户名称", "所属行业", "年成交额"],
            [$"{prefix}老客户", "医疗", "900000"],
            [$"{prefix}新一", null, null],
            [$"{prefix}新二", null, null],
            [$"{prefix}新三", null, null]);
        var import = await sales.Client.ImportAsync(file, "on_duplicate=update");
        Assert.Equal((3, 1), (import.Int("created"), import.Int("updated")));
        var id = import["import_id"]!.GetValue<long>();

        // After the import a colleague edits one created customer and adds a contact to another.
        var created = await api.CustomersAsync($"{prefix}新");
        await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{created[0].Id}", new { industry = "教育" });
        await sales.Client.CreateContactAsync(created[1].Id, new { name = "后加的联系人" });

        var other = await api.NewUserAsync();
        var foreign = await other.Client.PostAsync($"/api/v1/sales/imports/{id}/revert", null);
        await foreign.AssertErrorAsync(HttpStatusCode.NotFound);

        var revert = await sales.Client.PostAsync($"/api/v1/sales/imports/{id}/revert", null);
        var body = await revert.ReadJsonAsync();
        Assert.True(revert.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(1, body.Int("deleted"));
        Assert.Equal(1, body.Int("restored"));
        Assert.Equal([created[0].Id, created[1].Id], body["left_alone"]!.AsArray().Select(x => x!.Id()).Order());

        var remaining = await api.CustomersAsync($"{prefix}新");
        Assert.Equal([created[0].Id, created[1].Id], remaining.Select(c => c.Id));
        var restored = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{existing.Id()}");
        Assert.Equal("汽车", restored.Str("industry"));
        Assert.Equal(100000m, restored["annual_revenue"]!.GetValue<decimal>());
        Assert.Equal("C", restored.Str("customer_level"));
        await api.AssertCountersExactAsync();

        await using (var db = await api.Factory.Services.GetDb().CreateDbContextAsync())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "import_reverted" && e.EntityId == id && e.ActorId == sales.Id));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "delete" && e.EntityId == created[2].Id && e.EntityType == "customer"));
        }

        var history = (await sales.Client.GetJsonAsync("/api/v1/sales/imports")).Items();
        Assert.Equal("reverted", history.Single(i => i!.Id() == id)!.Str("status"));
        var twice = await sales.Client.PostAsync($"/api/v1/sales/imports/{id}/revert", null);
        await twice.AssertErrorAsync(HttpStatusCode.BadRequest, "撤销");
    }
}
