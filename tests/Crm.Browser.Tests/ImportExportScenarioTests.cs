using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Crm.Browser.Tests;

/// <summary>
/// Issue 10 in a real browser: a user downloads the template, fills it with a few wrong cells, sees exactly which cells
/// are wrong, fixes them in the error workbook, imports, finds the customers, exports a filtered list, and can undo.
/// The files are written and read with MiniExcel, the library the app uses, as the user's Excel would.
/// </summary>
[Collection("browser")]
public sealed partial class ImportExportScenarioTests(AppServer app)
{
    private readonly string _files = Directory.CreateTempSubdirectory("crm-import-ui-").FullName;

    [Fact]
    public async Task Template_with_wrong_cells_is_fixed_in_the_error_workbook_imported_and_exported_filtered()
    {
        var tag = Tag();
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword);

        string template = "";
        await page.StepAsync(app, "template", async () =>
        {
            await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Menuitem, new() { Name = "导入客户" }).ClickAsync();
            await page.ExpectPathAsync("/imports");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("导入客户");
            await Assertions.Expect(page.TestId("import-upload")).ToContainTextAsync("不超过 20 MB");
            await Assertions.Expect(page.TestId("confirm-import").Locator("button")).ToBeDisabledAsync();
            template = await DownloadAsync(page, () => page.TestId("download-template").Locator("button").ClickAsync());
            Assert.EndsWith(".xlsx", template, StringComparison.Ordinal);
        });

        // Three customers; 客户类型 of the first and 成立日期 of the second are wrong.
        var headers = Headers(template);
        var wrong = Write("客户-第一版.xlsx", headers,
            Customer(headers, $"{tag}甲精密机械有限公司", type: "外星企业", status: "成交客户"),
            Customer(headers, $"{tag}乙电子科技有限公司", established: "2020-13-45", status: "成交客户"),
            Customer(headers, $"{tag}丙物流有限公司", status: "潜在客户"));

        await page.StepAsync(app, "dry-run-shows-the-wrong-cells", async () =>
        {
            await ChooseFileAsync(page, wrong);
            var check = page.TestId("check-result");
            await Assertions.Expect(check).ToHaveAttributeAsync("data-clean", "false");
            await Assertions.Expect(page.TestId("count-total")).ToContainTextAsync("3");
            await Assertions.Expect(page.TestId("count-errors")).ToContainTextAsync("2");
            var rows = page.Locator("[data-testid=import-errors] .crm-table-desktop tbody tr.ant-table-row");
            await Assertions.Expect(rows).ToHaveCountAsync(2);
            await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("2");
            await Assertions.Expect(rows.Nth(0).TestId("error-column")).ToHaveTextAsync("客户类型");
            await Assertions.Expect(rows.Nth(0).TestId("error-value")).ToHaveTextAsync("外星企业");
            await Assertions.Expect(rows.Nth(1).TestId("error-column")).ToHaveTextAsync("成立日期");
            await Assertions.Expect(rows.Nth(1).TestId("error-value")).ToHaveTextAsync("2020-13-45");
            await Assertions.Expect(page.TestId("confirm-import").Locator("button")).ToBeDisabledAsync();
            await page.ScreenshotAsync(app, "import-errors");
        });

        string fixedFile = "";
        await page.StepAsync(app, "fix-in-the-error-workbook", async () =>
        {
            var workbook = await DownloadAsync(page, () => page.TestId("download-error-workbook").Locator("button").ClickAsync());
            var rows = MiniExcel.Query(workbook, useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
            Assert.Equal(3, rows.Count);
            Assert.Contains("客户类型", rows[0]["错误原因"]?.ToString(), StringComparison.Ordinal);
            rows[0]["客户类型"] = "企业";
            rows[1]["成立日期"] = "2020-12-15";
            fixedFile = Path.Combine(_files, "客户-已改正.xlsx");
            MiniExcel.SaveAs(fixedFile, rows);
        });

        await page.StepAsync(app, "import", async () =>
        {
            await ChooseFileAsync(page, fixedFile);
            await Assertions.Expect(page.TestId("check-result")).ToHaveAttributeAsync("data-clean", "true");
            await Assertions.Expect(page.TestId("count-created")).ToContainTextAsync("3");
            var confirm = page.TestId("confirm-import").Locator("button");
            await Assertions.Expect(confirm).ToBeEnabledAsync();
            await confirm.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.TestId("import-done")).ToContainTextAsync("新建 3");
            var history = page.TestId("import-history").Locator(".crm-table-desktop tr", new() { HasText = "客户-已改正.xlsx" }).First;
            await Assertions.Expect(history).ToContainTextAsync("已导入");
        });

        await page.StepAsync(app, "the-customers-appear", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "查看客户" }).ClickAsync();
            await page.ExpectPathAsync("/customers");
            await page.Locator("[data-testid=customer-search] input").PressSequentiallyAsync(tag, new() { Delay = 60 });
            await Assertions.Expect(page.TestId("customer-table")).ToContainTextAsync($"{tag}甲精密机械有限公司");
            await Assertions.Expect(page.TestId("customer-table")).ToContainTextAsync($"{tag}丙物流有限公司");
            await Assertions.Expect(page.TestId("export").Locator("button")).ToHaveTextAsync(new Regex(@"导出（3 条）"));
        });

        await page.StepAsync(app, "export-filtered", async () =>
        {
            await CustomerScenarioTests.SelectOptionAsync(page, "filter-status", "成交客户");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.TestId("export").Locator("button")).ToHaveTextAsync(new Regex(@"导出（2 条）"));
            await page.ScreenshotAsync(app, "customers-export");
            await page.TestId("export").Locator("button").ClickAsync();
            var dialog = page.TestId("export-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("导出 2 条");
            await dialog.GetByText("CSV").ClickAsync();
            var csv = await DownloadAsync(page, () => page.Keyboard.PressAsync("Enter"));
            Assert.EndsWith(".csv", csv, StringComparison.Ordinal);
            var names = MiniExcel.Query(csv, useHeaderRow: true, excelType: ExcelType.CSV).Cast<IDictionary<string, object?>>()
                .Select(r => r["客户名称*"]?.ToString()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal([$"{tag}乙电子科技有限公司", $"{tag}甲精密机械有限公司"], names.Order(StringComparer.Ordinal).ToList());
            await Assertions.Expect(page.Locator(".ant-message")).ToContainTextAsync("已导出 2 条");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_salesperson_undoes_an_import_and_the_customer_changed_since_is_left_alone()
    {
        var tag = Tag();
        var sales = await app.NewUserAsync(displayName: "撤销导入的销售");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password, "/imports");

        await page.StepAsync(app, "import", async () =>
        {
            var template = await DownloadAsync(page, () => page.TestId("download-template").Locator("button").ClickAsync());
            var headers = Headers(template);
            var file = Write("两个客户.xlsx", headers, Customer(headers, $"{tag}留下的有限公司"), Customer(headers, $"{tag}撤掉的有限公司"));
            await ChooseFileAsync(page, file);
            await Assertions.Expect(page.TestId("check-result")).ToHaveAttributeAsync("data-clean", "true");
            await page.TestId("confirm-import").Locator("button").ClickAsync();
            await Assertions.Expect(page.TestId("import-done")).ToContainTextAsync("新建 2");
        });

        // A colleague's save after the import: the undo must not throw it away.
        var api = await app.ApiClientAsync(sales.Username, sales.Password);
        var found = JsonNode.Parse(await api.GetStringAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString($"{tag}留下")))!["items"]!.AsArray().Single()!;
        var changed = await api.PutAsJsonAsync($"/api/v1/sales/customers/{found["id"]}", new { short_name = "导入后改过", version = found["version"]!.GetValue<long>() });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        await page.StepAsync(app, "undo", async () =>
        {
            await page.ReloadAsync();
            await page.WaitReadyAsync();
            var row = page.TestId("import-history").Locator(".crm-table-desktop tr", new() { HasText = "两个客户.xlsx" }).First;
            await Assertions.Expect(row).ToContainTextAsync("已导入");
            await row.TestId("revert-import").Locator("button").ClickAsync();
            var dialog = page.TestId("revert-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("删除这次导入新建的 2 条客户");

            // Esc closes without undoing; the second time Tab from 取消 to 撤销导入 and Enter.
            await Assertions.Expect(page.Locator(".ant-modal:visible .crm-dialog-buttons button").First).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await row.TestId("revert-import").Locator("button").ClickAsync();
            await Assertions.Expect(page.Locator(".ant-modal:visible .crm-dialog-buttons button").First).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");

            var result = page.TestId("revert-result");
            await Assertions.Expect(result).ToContainTextAsync("已删除 1 条，恢复 0 条");
            await Assertions.Expect(result.TestId("left-alone")).ToContainTextAsync($"{tag}留下的有限公司");
            await page.ScreenshotAsync(app, "import-reverted");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(row).ToContainTextAsync("已撤销");
            await Assertions.Expect(row.TestId("revert-import")).ToHaveCountAsync(0);
        });

        await page.StepAsync(app, "only-the-changed-one-is-left", async () =>
        {
            await page.GotoReadyAsync("/customers?keyword=" + Uri.EscapeDataString(tag));
            await Assertions.Expect(page.TestId("customer-table")).ToContainTextAsync($"{tag}留下的有限公司");
            await Assertions.Expect(page.TestId("customer-table")).Not.ToContainTextAsync($"{tag}撤掉的有限公司");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_contacts_are_imported_and_a_wrong_file_shows_its_errors_as_cards()
    {
        var tag = Tag();
        var sales = await app.NewUserAsync(displayName: "手机导入的销售");
        var api = await app.ApiClientAsync(sales.Username, sales.Password);
        var customer = await api.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"{tag}联系人导入有限公司" });
        Assert.True(customer.IsSuccessStatusCode, await customer.Content.ReadAsStringAsync());

        var page = await app.NewPageAsync(width: 375, height: 800);
        await page.LoginAsync(sales.Username, sales.Password);

        await page.StepAsync(app, "phone-menu", async () =>
        {
            await page.Locator(".crm-menu-button").ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "导入客户" }).ClickAsync();
            await page.ExpectPathAsync("/imports");
            await page.TestId("import-kind").GetByText("联系人").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("导入联系人");
        });

        string template = "";
        await page.StepAsync(app, "wrong-contacts", async () =>
        {
            template = await DownloadAsync(page, () => page.TestId("download-template").Locator("button").ClickAsync());
            var headers = Headers(template);
            var file = Write("联系人.xlsx", headers,
                Contact(headers, $"{tag}联系人导入有限公司", "李娜", mobile: "12345"),
                Contact(headers, $"{tag}不存在的公司", "王强", mobile: "13912345678"));
            await ChooseFileAsync(page, file);
            await Assertions.Expect(page.TestId("count-errors")).ToContainTextAsync("2");
            var cards = page.Locator("[data-testid=error-card]:visible");
            await Assertions.Expect(cards).ToHaveCountAsync(2);
            await Assertions.Expect(cards.Nth(0)).ToContainTextAsync("第 2 行");
            await Assertions.Expect(cards.Nth(0)).ToContainTextAsync("12345");
            await Assertions.Expect(page.TestId("confirm-import").Locator("button")).ToBeDisabledAsync();
            await page.ScreenshotAsync(app, "import-errors");
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 375, $"the page is {width} px wide at 375 px");
        });

        await page.StepAsync(app, "contacts-imported", async () =>
        {
            var headers = Headers(template);
            var file = Write("联系人-改好.xlsx", headers, Contact(headers, $"{tag}联系人导入有限公司", "李娜", mobile: "13812345678"));
            await ChooseFileAsync(page, file);
            await Assertions.Expect(page.TestId("check-result")).ToHaveAttributeAsync("data-clean", "true");
            await page.TestId("confirm-import").Locator("button").ClickAsync();
            await Assertions.Expect(page.TestId("import-done")).ToContainTextAsync("新建 1");
            await page.ScreenshotAsync(app, "import-done");
            await page.GetByRole(AriaRole.Link, new() { Name = "查看联系人" }).ClickAsync();
            await page.ExpectPathAsync("/contacts");
            await Assertions.Expect(page.Locator(".crm-cards")).ToContainTextAsync("李娜");
            await Assertions.Expect(page.TestId("export").Locator("button")).ToHaveTextAsync(new Regex(@"导出（1 条）"));
            await page.ScreenshotAsync(app, "contacts-export");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_long_import_shows_its_progress_again_when_the_user_leaves_the_page_and_comes_back()
    {
        const int rows = 40_000;
        var tag = Tag();
        var sales = await app.NewUserAsync(displayName: "大批量导入的销售");
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password, "/imports");
        var slow = new LocatorAssertionsToContainTextOptions { Timeout = 180_000 };

        await page.StepAsync(app, "dry-run-of-a-large-file", async () =>
        {
            var template = await DownloadAsync(page, () => page.TestId("download-template").Locator("button").ClickAsync());
            var headers = Headers(template);
            var file = Write("四万个客户.xlsx", headers, [.. Enumerable.Range(1, rows).Select(i => Customer(headers, $"{tag}批量{i:D5}有限公司"))]);
            await ChooseFileAsync(page, file);
            await Assertions.Expect(page.TestId("count-created")).ToContainTextAsync("40,000", slow);
        });

        var before = 0;
        await page.StepAsync(app, "leave-during-the-import", async () =>
        {
            await page.TestId("confirm-import").Locator("button").ClickAsync();
            var progress = page.TestId("import-progress-text");
            await Assertions.Expect(progress).ToContainTextAsync("/ 40,000 行", slow);
            before = RowsDone(await progress.InnerTextAsync());
            await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Menuitem, new() { Name = "客户列表" }).ClickAsync();
            await page.ExpectPathAsync("/customers");
        });

        await page.StepAsync(app, "come-back", async () =>
        {
            await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Menuitem, new() { Name = "导入客户" }).ClickAsync();
            await page.ExpectPathAsync("/imports");
            var progress = page.TestId("import-progress-text");
            await Assertions.Expect(progress).ToContainTextAsync("/ 40,000 行");
            Assert.True(RowsDone(await progress.InnerTextAsync()) >= before, "the progress went backwards after coming back");
            await page.ScreenshotAsync(app, "import-progress");
            await Assertions.Expect(page.TestId("import-done")).ToContainTextAsync("新建 40000", slow);
            var row = page.TestId("import-history").Locator(".crm-table-desktop tr", new() { HasText = "四万个客户.xlsx" }).First;
            await Assertions.Expect(row).ToContainTextAsync("已导入");
        });
        await page.Context.CloseAsync();
    }

    private static int RowsDone(string text) =>
        int.Parse(ProgressPattern().Match(text).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"([\d,]+) / [\d,]+ 行")]
    private static partial Regex ProgressPattern();

    private static string Tag() => "导入" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Chooses a file the way a person does: a click on the drop zone opens the file chooser.</summary>
    private static async Task ChooseFileAsync(IPage page, string path)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.TestId("dropzone").ClickAsync());
        await chooser.SetFilesAsync(path);
        await Assertions.Expect(page.TestId("chosen-file")).ToContainTextAsync(Path.GetFileName(path));
    }

    private async Task<string> DownloadAsync(IPage page, Func<Task> action)
    {
        var download = await page.RunAndWaitForDownloadAsync(action);
        var path = Path.Combine(_files, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>The template's header row (its first sheet), in order.</summary>
    private static List<string> Headers(string template) =>
        MiniExcel.Query(template, useHeaderRow: false).Cast<IDictionary<string, object?>>().First().Values.Select(v => v?.ToString() ?? "").ToList();

    private static Dictionary<string, object?> Customer(List<string> headers, string name, string type = "企业", string? established = null, string status = "潜在客户")
    {
        var row = headers.ToDictionary(h => h, _ => (object?)null);
        row[Header(headers, "客户名称")] = name;
        row[Header(headers, "客户类型")] = type;
        row[Header(headers, "客户状态")] = status;
        row[Header(headers, "所属行业")] = "电子制造";
        if (established is not null)
        {
            row[Header(headers, "成立日期")] = established;
        }

        return row;
    }

    private static Dictionary<string, object?> Contact(List<string> headers, string customerName, string name, string mobile)
    {
        var row = headers.ToDictionary(h => h, _ => (object?)null);
        row[Header(headers, "客户名称")] = customerName;
        row[Header(headers, "姓名")] = name;
        row[Header(headers, "手机号码")] = mobile;
        return row;
    }

    private static string Header(List<string> headers, string label) => headers.First(h => h.TrimEnd('*') == label);

    private string Write(string fileName, List<string> headers, params Dictionary<string, object?>[] rows)
    {
        var path = Path.Combine(_files, fileName);
        File.Delete(path);
        MiniExcel.SaveAs(path, rows.Select(r => headers.ToDictionary(h => h, h => r[h])));
        return path;
    }
}
