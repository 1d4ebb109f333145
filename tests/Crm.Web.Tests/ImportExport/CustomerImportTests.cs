using System.Net;
using System.Text;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.ImportExport;
using Crm.Web.Tests.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Crm.Web.Tests.ImportExport;

[Collection("api")]
public sealed class CustomerImportTests(ApiFixture api)
{
    private static readonly string[] Header =
        ["客户编号", "客户名称*", "客户类型", "企业规模", "成立日期", "信用额度", "账期（天）", "负责销售", "客户状态", "年成交额", "合作年限", "标签"];

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Template_has_the_spec_columns_a_frozen_header_drop_downs_an_example_and_the_notes_sheet()
    {
        var response = await api.Admin.GetAsync("/api/v1/sales/customers/import-template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ImportExportApi.XlsxType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["客户", "填写说明"], sheets.Select(s => s.Name!.Value));
        var data = (WorksheetPart)workbook.GetPartById(sheets[0].Id!);
        Assert.Equal(PaneStateValues.Frozen, data.Worksheet.Descendants<Pane>().Single().State!.Value);
        var lists = data.Worksheet.Descendants<DataValidation>().Select(v => v.Formula1!.Text).ToList();
        Assert.Contains("\"企业,个人\"", lists);
        Assert.Contains("\"潜在客户,意向客户,成交客户,流失客户\"", lists);
        Assert.Contains("\"小型,中型,大型\"", lists);

        var rows = new MemoryStream(bytes).Query(useHeaderRow: false, sheetName: "客户").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(
            ["客户编号", "客户名称*", "客户简称", "客户类型", "所属行业", "企业规模", "详细地址", "公司网址", "成立日期", "信用额度", "付款条件", "账期（天）", "客户来源", "负责销售", "客户状态", "年成交额", "合作年限", "标签"],
            rows[0].Values.Select(v => v?.ToString()));
        Assert.Equal("上海精密机械有限公司", rows[1]["B"]);
        Assert.Equal("admin", rows[1]["N"]);

        var notes = new MemoryStream(bytes).Query(useHeaderRow: false, sheetName: "填写说明").Cast<IDictionary<string, object?>>().ToList();
        var text = string.Join("\n", notes.SelectMany(r => r.Values).Select(v => v?.ToString()));
        Assert.Contains("成交客户（customer）", text);
        Assert.Contains("yyyy-MM-dd", text);
        Assert.Contains("留空则自动生成", text);
        Assert.Contains("、", text);

        // The template as downloaded passes a dry run: its example row is valid.
        var dry = await api.Admin.ImportAsync(bytes, "dry_run=true");
        Assert.Equal(1, dry.Int("total_rows"));
        Assert.Empty(dry.Errors());
    }

    [Fact]
    public async Task Import_creates_customers_from_labels_full_width_digits_money_text_and_real_dates()
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("导入");
        var file = Sheets.Xlsx(
            Header,
            [null, $"  {prefix}甲  ", "企业", "大型", new DateTime(2010, 3, 15), "１２０，０００元", "３０", sales.Username, "成交客户", "1,500,000.50 元", 4, "重点客户、长期合作,重点客户"],
            [null, $"{prefix}乙", "individual", null, "2019-07-01", 5000.5, null, null, "potential", 2_000_000, "5", null],
            ["CODE-" + prefix[^8..], $"{prefix}丙", "个人", "小型", null, null, null, "", "意向客户", "300000", "0", "新客户"]);

        var result = await sales.Client.ImportAsync(file);

        Assert.Equal(3, result.Int("total_rows"));
        Assert.Equal(3, result.Int("created"));
        Assert.Empty(result.Errors());
        Assert.True(result["import_id"]!.GetValue<long>() > 0);

        var saved = await api.CustomersAsync(prefix);
        Assert.Equal(3, saved.Count);
        var (a, b, c) = (saved[0], saved[1], saved[2]);
        Assert.Equal($"{prefix}甲", a.Name);
        Assert.Equal(CustomerType.Enterprise, a.CustomerType);
        Assert.Equal(new DateOnly(2010, 3, 15), a.EstablishedDate);
        Assert.Equal(120_000_00, a.CreditLimitFen);
        Assert.Equal(30, a.AccountPeriod);
        Assert.Equal(CustomerStatus.Customer, a.Status);
        Assert.Equal(1_500_000_50, a.AnnualRevenueFen);
        Assert.Equal(CustomerLevel.A, a.CustomerLevel);
        Assert.Equal(["重点客户", "长期合作"], a.Tags.OrderBy(t => t.Id).Select(t => t.TagName));
        Assert.Matches(@"^CUS\d{12}$", a.CustomerCode);
        Assert.All(saved, s => Assert.Equal(sales.Id, s.SalesOwnerId));

        Assert.Equal(CustomerType.Individual, b.CustomerType);
        Assert.Equal(new DateOnly(2019, 7, 1), b.EstablishedDate);
        Assert.Equal(5000_50, b.CreditLimitFen);
        Assert.Equal(CustomerLevel.D, b.CustomerLevel);
        Assert.Equal("CODE-" + prefix[^8..], c.CustomerCode);
        Assert.Equal(CustomerLevel.C, c.CustomerLevel);

        // The salesperson's own list and stats show them; the counters stay exact; every create is in the trail.
        var stats = await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats");
        Assert.Equal(3, stats.Int("total_customers"));
        await api.AssertCountersExactAsync();
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var ids = saved.Select(s => (long?)s.Id).ToList();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.EntityType == "customer" && e.Action == "create" && ids.Contains(e.EntityId) && e.ActorId == sales.Id));
        var importEntry = await db.AuditEntries.SingleAsync(e => e.Action == "imported" && e.EntityId == result["import_id"]!.GetValue<long>());
        Assert.Contains("\"created\":3", importEntry.Changes);
    }

    [Fact]
    public async Task Dry_run_lists_every_wrong_cell_with_its_excel_row_and_writes_nothing()
    {
        var prefix = Unique("试导入");
        var file = Sheets.Xlsx(
            Header,
            [null, $"{prefix}好", "企业", null, null, null, null, null, null, null, null, null],
            [null, "", "企业", null, null, null, null, null, null, null, null, null],
            [null, $"{prefix}坏一", "公司", null, "2999-01-01", "很多钱", "1.5", "nobody_here", "VIP", "100.123", "300", null],
            [null, null, null, null, null, null, null, null, null, null, null, null],
            ["含 空格", $"{prefix}坏二", null, "超大型企业超大型企业超大型企业超大型企业超大型", null, -5, null, null, null, null, null, "好标签、" + new string('长', 21)]);

        var result = await api.Admin.ImportAsync(file, "dry_run=true");

        Assert.Equal(4, result.Int("total_rows"));
        var errors = result.Errors().Select(e => (Row: e!.Int("row"), Column: e!.Str("column"), Value: e!["value"]?.GetValue<string>(), Message: e.Str("message"))).ToList();
        Assert.Contains(errors, e => e is { Row: 3, Column: "客户名称*" } && e.Message.Contains("客户名称不能为空"));
        Assert.Contains(errors, e => e is { Row: 4, Column: "客户类型", Value: "公司" } && e.Message.Contains("客户类型"));
        Assert.Contains(errors, e => e is { Row: 4, Column: "成立日期", Value: "2999-01-01" });
        Assert.Contains(errors, e => e is { Row: 4, Column: "信用额度", Value: "很多钱" } && e.Message.Contains("信用额度"));
        Assert.Contains(errors, e => e is { Row: 4, Column: "账期（天）", Value: "1.5" } && e.Message.Contains("整数"));
        Assert.Contains(errors, e => e is { Row: 4, Column: "负责销售", Value: "nobody_here" } && e.Message.Contains("nobody_here"));
        Assert.Contains(errors, e => e is { Row: 4, Column: "客户状态", Value: "VIP" });
        Assert.Contains(errors, e => e is { Row: 4, Column: "年成交额", Value: "100.123" });
        Assert.Contains(errors, e => e is { Row: 4, Column: "合作年限", Value: "300" });
        Assert.Contains(errors, e => e is { Row: 6, Column: "客户编号", Value: "含 空格" });
        Assert.Contains(errors, e => e is { Row: 6, Column: "企业规模" } && e.Message.Contains("20"));
        Assert.Contains(errors, e => e is { Row: 6, Column: "信用额度", Value: "-5" });
        Assert.Contains(errors, e => e is { Row: 6, Column: "标签" });
        Assert.DoesNotContain(errors, e => e.Row is 2 or 5);

        Assert.Empty(await api.CustomersAsync(prefix));

        // The same file for real: the same errors, and still nothing written (all or nothing).
        var real = await api.Admin.ImportAsync(file);
        Assert.Equal(0, real.Int("created"));
        Assert.Equal(errors.Count, real.Errors().Count);
        Assert.Empty(await api.CustomersAsync(prefix));
    }

    [Fact]
    public async Task One_bad_row_among_many_writes_nothing_and_lists_every_error_not_just_the_first_hundred()
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("全有全无");
        var rows = Enumerable.Range(1, 1500)
            .Select(i => new object?[] { null, $"{prefix}{i:D4}", null, null, null, i % 10 == 0 ? "坏" : "100", null, null, null, null, null, null })
            .ToArray();

        var result = await sales.Client.ImportAsync(Sheets.Xlsx(Header, rows));

        Assert.Equal(1500, result.Int("total_rows"));
        Assert.Equal(150, result.Errors().Count);
        Assert.Equal(11, result.Errors()[0]!.Int("row"));
        Assert.Equal(1501, result.Errors()[149]!.Int("row"));
        Assert.Empty(await api.CustomersAsync(prefix));
        Assert.Equal(0, (await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats")).Int("total_customers"));
    }

    [Fact]
    public async Task Duplicates_by_code_or_normalised_name_are_skipped_updated_or_refused_as_asked()
    {
        var sales = await api.NewUserAsync();
        var prefix = Unique("重复");
        var existing = await sales.Client.CreateCustomerAsync(new { name = $"{prefix}ABC公司", status = "prospect", annual_revenue = 100000, industry = "汽车" });
        var code = existing.Str("customer_code");

        // Full-width letters and surrounding spaces match the same name; a repeated row in the file is a duplicate too.
        string[] header = ["客户编号", "客户名称", "年成交额", "合作年限", "客户状态", "所属行业"];
        var file = Sheets.Xlsx(
            header,
            [null, $"  {prefix}ＡＢＣ公司 ", "800000", "2", null, null],
            [null, $"{prefix}新客户", null, null, null, null],
            [null, $"{prefix}新客户", null, null, null, null]);

        var skip = await sales.Client.ImportAsync(file, "on_duplicate=skip");
        Assert.Equal((3, 1, 0, 2), (skip.Int("total_rows"), skip.Int("created"), skip.Int("updated"), skip.Int("skipped")));

        var fail = await sales.Client.ImportAsync(Sheets.Xlsx(header, [code, $"{prefix}ABC公司", null, null, null, null]), "on_duplicate=fail");
        Assert.Equal(2, fail.Errors()[0]!.Int("row"));
        Assert.Equal("客户编号", fail.Errors()[0]!.Str("column"));
        Assert.Contains(code, fail.Errors()[0]!.Str("message"));

        var inFile = await sales.Client.ImportAsync(file, "on_duplicate=update&dry_run=true");
        Assert.Contains(inFile.Errors(), e => e!.Int("row") == 4 && e!.Str("message").Contains("第 3 行"));

        // Update: only the non-empty cells change; the grade follows; the version moves once.
        var update = await sales.Client.ImportAsync(Sheets.Xlsx(header, [code, null, "800000", "2", null, null]), "on_duplicate=update");
        Assert.Equal((1, 0), (update.Int("updated"), update.Int("created")));
        var after = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{existing.Id()}");
        Assert.Equal(800000m, after["annual_revenue"]!.GetValue<decimal>());
        Assert.Equal("B", after.Str("customer_level"));
        Assert.Equal("汽车", after.Str("industry"));
        Assert.Equal("prospect", after.Str("status"));
        Assert.Equal(2, after["version"]!.GetValue<int>());

        // The same update again changes nothing: skipped, version unchanged.
        var again = await sales.Client.ImportAsync(Sheets.Xlsx(header, [code, null, "800000", "2", null, null]), "on_duplicate=update");
        Assert.Equal((0, 1), (again.Int("updated"), again.Int("skipped")));
        Assert.Equal(2, (await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{existing.Id()}"))["version"]!.GetValue<int>());
        await api.AssertCountersExactAsync();
    }

    [Fact]
    public async Task A_salesperson_imports_only_for_themselves_and_never_touches_or_reveals_another_owners_customer()
    {
        var alice = await api.NewUserAsync(displayName: "爱丽丝");
        var bob = await api.NewUserAsync();
        var prefix = Unique("范围");
        var bobs = await bob.Client.CreateCustomerAsync(new { name = $"{prefix}鲍勃的客户", industry = "医疗" });

        string[] header = ["客户编号", "客户名称", "负责销售", "所属行业"];
        var result = await alice.Client.ImportAsync(
            Sheets.Xlsx(
                header,
                [null, $"{prefix}鲍勃的客户", null, "汽车"],
                [bobs.Str("customer_code"), $"{prefix}别名", null, "汽车"],
                [null, $"{prefix}给鲍勃", bob.Username, null],
                [null, $"{prefix}自己的", alice.Username, null]),
            "on_duplicate=update");

        var errors = result.Errors().Select(e => (Row: e!.Int("row"), Message: e!.Str("message"))).ToList();
        Assert.Contains((2, "该客户名称已被其他负责人的客户使用"), errors);
        Assert.Contains((3, "客户编号已存在"), errors);
        Assert.Contains(errors, e => e.Row == 4 && e.Message.Contains("只能将自己设为负责销售"));
        Assert.DoesNotContain(errors, e => e.Row == 5);
        Assert.DoesNotContain(errors, e => e.Message.Contains(bob.Username) && e.Row != 4);
        Assert.All(errors, e => Assert.DoesNotContain("销售", e.Message.Replace("负责销售", "").Replace("销售人员", "")));

        var untouched = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{bobs.Id()}");
        Assert.Equal("医疗", untouched.Str("industry"));
        Assert.Empty(await api.CustomersAsync($"{prefix}自己的"));

        // An admin names any active owner; an inactive one is a row error.
        var carol = await api.NewUserAsync();
        await api.Admin.PutJsonAsync($"/api/v1/users/{carol.Id}", new { is_active = false });
        var admin = await api.Admin.ImportAsync(Sheets.Xlsx(header, [null, $"{prefix}归鲍勃", bob.Username, null], [null, $"{prefix}归停用", carol.Username, null]), "dry_run=true");
        Assert.Equal([3], admin.Errors().Select(e => e!.Int("row")));
        Assert.Contains("已启用", admin.Errors()[0]!.Str("message"));
    }

    [Fact]
    public async Task Csv_with_bom_and_english_headers_imports_like_the_workbook()
    {
        var prefix = Unique("CSV");
        var csv = Sheets.Csv($"customer_code,name,status,annual_revenue\n,{prefix}一,成交客户,\"1,200,000\"\n,{prefix}二,lost,\n");
        var result = await api.Admin.ImportAsync(csv, fileName: "customers.csv");
        Assert.Equal(2, result.Int("created"));
        var saved = await api.CustomersAsync(prefix);
        Assert.Equal(1_200_000_00, saved[0].AnnualRevenueFen);
        Assert.Equal(CustomerStatus.Lost, saved[1].Status);
    }

    public static TheoryData<string, string> RefusedFiles => new()
    {
        { "not-a-spreadsheet", "不是 Excel" },
        { "encrypted", "密码" },
        { "corrupt", "损坏" },
        { "hidden-sheet", "隐藏" },
        { "formula", "公式" },
        { "unknown-column", "无法识别的列「客户名字」" },
        { "no-name-column", "客户名称*" },
        { "empty", "没有数据行" },
        { "zip-bomb", "解压后过大" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task Files_that_cannot_be_imported_get_a_clear_400_and_change_nothing(string kind, string detail)
    {
        var prefix = Unique("拒绝");
        var good = Sheets.Xlsx(["客户名称"], [$"{prefix}一"]);
        var file = kind switch
        {
            "not-a-spreadsheet" => Encoding.UTF8.GetBytes("这不是表格"),
            "encrypted" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[512]],
            "corrupt" => [.. good.Take(good.Length / 2)],
            "hidden-sheet" => WithSheets(good, hidden: true, formula: false),
            "formula" => WithSheets(good, hidden: false, formula: true),
            "unknown-column" => Sheets.Xlsx(["客户名称", "客户名字"], [$"{prefix}一", "x"]),
            "no-name-column" => Sheets.Xlsx(["所属行业"], ["汽车"]),
            "empty" => Sheets.Xlsx(["客户名称"]),
            _ => Sheets.ZipBomb(good),
        };

        var response = await api.Admin.UploadAsync(file);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, detail);
        Assert.Empty(await api.CustomersAsync(prefix));
    }

    [Fact]
    public async Task English_callers_get_the_refusal_in_english()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Sheets.Url);
        request.Headers.AcceptLanguage.ParseAdd("en");
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("nope")), "file", "x.xlsx" } };
        request.Content = form;
        var response = await api.Admin.SendAsync(request);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "not an Excel workbook");
    }

    [Fact]
    public async Task More_than_200000_rows_or_20_MB_is_refused_before_anything_is_written()
    {
        var prefix = Unique("上限");
        var csv = new StringBuilder("客户名称\n");
        for (var i = 0; i <= SpreadsheetUpload.MaxRows; i++)
        {
            csv.Append(prefix).Append(i).Append('\n');
        }

        var rows = await api.Admin.UploadAsync(Sheets.Csv(csv.ToString()), fileName: "big.csv");
        await rows.AssertErrorAsync(HttpStatusCode.BadRequest, "200,000");

        var big = await api.Admin.UploadAsync(new byte[(int)SpreadsheetUpload.MaxBytes + 10], fileName: "big.xlsx");
        await big.AssertErrorAsync(HttpStatusCode.BadRequest, "20 MB");
        Assert.Empty(await api.CustomersAsync(prefix));

        var bad = await api.Admin.UploadAsync(Sheets.Xlsx(["客户名称"], ["x"]), "on_duplicate=merge");
        await bad.AssertErrorAsync(HttpStatusCode.BadRequest, "on_duplicate");
    }

    [Fact]
    public async Task An_import_that_fails_mid_write_leaves_nothing_behind()
    {
        var prefix = Unique("中断");
        var rows = Enumerable.Range(1, 2 * ImportCustomers.BatchSize + 500).Select(i => new object?[] { $"{prefix}{i:D5}", "成交客户", 600000, 2 }).ToArray();
        var file = Sheets.Xlsx(["客户名称", "客户状态", "年成交额", "合作年限"], rows);
        var before = (await api.Admin.GetJsonAsync("/api/v1/sales/customers/stats")).Int("total_customers");
        long auditBefore;
        await using (var db = await api.Factory.Services.GetDb().CreateDbContextAsync())
        {
            auditBefore = await db.AuditEntries.CountAsync();
        }

        // Cancelled (as when the process stops) once the first batches are written inside the transaction.
        using var scope = api.Factory.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportCustomers>();
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Writing && p.Done >= 2 * ImportCustomers.BatchSize)
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            import.HandleAsync(new Actor(api.AdminId, UserRole.Admin, "admin"), file, "中断.xlsx", dryRun: false, OnDuplicate.Skip, progress, cancel.Token));

        Assert.Empty(await api.CustomersAsync(prefix));
        Assert.Equal(before, (await api.Admin.GetJsonAsync("/api/v1/sales/customers/stats")).Int("total_customers"));
        await using (var db = await api.Factory.Services.GetDb().CreateDbContextAsync())
        {
            Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
            Assert.False(await db.DataImports.AnyAsync(i => i.FileName == "中断.xlsx"));
        }

        await api.AssertCountersExactAsync();
    }

    private sealed class SyncProgress(Action<ImportStep> report) : IProgress<ImportStep>
    {
        public void Report(ImportStep value) => report(value);
    }

    /// <summary>The workbook with a second sheet that is hidden, or with a formula in the data sheet.</summary>
    private static byte[] WithSheets(byte[] workbook, bool hidden, bool formula)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = document.WorkbookPart!;
            if (hidden)
            {
                var extra = part.AddNewPart<WorksheetPart>();
                extra.Worksheet = new Worksheet(new SheetData());
                part.Workbook.Sheets!.Append(new Sheet { Id = part.GetIdOfPart(extra), SheetId = 99, Name = "秘密", State = SheetStateValues.Hidden });
            }

            if (formula)
            {
                var sheet = part.WorksheetParts.First().Worksheet;
                var row = sheet.Descendants<Row>().Last();
                row.Append(new Cell(new CellFormula("1+1"), new CellValue("2")) { CellReference = "B" + row.RowIndex!.Value });
            }
        }

        return stream.ToArray();
    }
}
