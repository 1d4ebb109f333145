using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>
/// Issue 14, defects 1–4: what a person types with the keyboard (Enter, Esc, arrows, fast typing, a double click)
/// is what gets saved — once.
/// </summary>
[Collection("browser")]
public sealed partial class TypedInputTests(AppServer app)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task Suggestion_fields_save_exactly_what_was_typed_and_pick_a_suggestion_only_after_the_arrow_keys(int width)
    {
        var name = "键盘录入测试" + Suffix() + "有限公司";
        var page = await app.NewPageAsync(width);
        await page.LoginAsync("admin", AppServer.AdminPassword, "/customers/new");

        await page.StepAsync(app, "type-suggestion-fields", async () =>
        {
            await page.Locator("[data-testid=field-name] input").ClickAsync();
            await page.Keyboard.TypeAsync(name, new KeyboardTypeOptions { Delay = 20 });

            // 所属行业: typed at a person's pace, Enter keeps it (the list's first entry must not replace it).
            await page.Locator("[data-testid=field-industry] input").ClickAsync();
            await page.Keyboard.TypeAsync("汽车零部件", new KeyboardTypeOptions { Delay = 40 });
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("[data-testid=field-industry] input")).ToHaveValueAsync("汽车零部件");

            // 客户来源: Esc closes the list and keeps the text.
            await page.Locator("[data-testid=field-customer_source] input").ClickAsync();
            await page.Keyboard.TypeAsync("老客", new KeyboardTypeOptions { Delay = 40 });
            await Assertions.Expect(Suggestions(page)).ToHaveTextAsync(["老客户"]);
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(SuggestionList(page)).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=field-customer_source] input")).ToHaveValueAsync("老客");
            await page.Keyboard.TypeAsync("户介绍", new KeyboardTypeOptions { Delay = 40 });
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator("[data-testid=field-customer_source] input")).ToHaveValueAsync("老客户介绍");

            // 企业规模: typed as fast as the keyboard goes, then Enter.
            await page.Locator("[data-testid=field-scale] input").ClickAsync();
            await page.Keyboard.TypeAsync("特大型");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("[data-testid=field-scale] input")).ToHaveValueAsync("特大型");

            // 付款条件: the list narrows to what was typed; ArrowDown + Enter picks the highlighted suggestion.
            await page.Locator("[data-testid=field-payment_terms] input").ClickAsync();
            await page.Keyboard.TypeAsync("月结", new KeyboardTypeOptions { Delay = 40 });
            await Assertions.Expect(Suggestions(page)).ToHaveTextAsync(["月结30天", "月结60天", "月结90天"]);
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("[data-testid=field-payment_terms] input")).ToHaveValueAsync("月结60天");
            await Assertions.Expect(SuggestionList(page)).ToHaveCountAsync(0);
            await page.ScreenshotAsync(app, $"typed-suggestions-{width}");
        });

        await page.StepAsync(app, "save", async () =>
        {
            await page.TestId("save-customer").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/customers/\d+$"));
        });

        var saved = await FindByNameAsync(app.AdminApi, name);
        Assert.Equal("汽车零部件", saved["industry"]!.GetValue<string>());
        Assert.Equal("老客户介绍", saved["customer_source"]!.GetValue<string>());
        Assert.Equal("特大型", saved["scale"]!.GetValue<string>());
        Assert.Equal("月结60天", saved["payment_terms"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_custom_tag_typed_and_entered_is_added_as_typed_and_a_suggestion_is_added_after_the_arrow_key()
    {
        var other = await CustomerScenarioTests.CreateCustomerAsync(app.AdminApi, new { name = "已有自定义标签" + Suffix() + "有限公司" });
        var existing = await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{other}/tags", new { tag_name = "华东片区" });
        Assert.True(existing.IsSuccessStatusCode);
        var id = await CustomerScenarioTests.CreateCustomerAsync(app.AdminApi, new { name = "回车加标签" + Suffix() + "有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, $"/customers/{id}");

        await page.StepAsync(app, "custom-tag-enter", async () =>
        {
            await page.Locator(".ant-tabs-tab", new PageLocatorOptions { HasText = "标签" }).ClickAsync();
            var input = page.Locator("[data-testid=custom-tag-input] input");
            await input.ClickAsync();
            await page.Keyboard.TypeAsync("华东区", new KeyboardTypeOptions { Delay = 40 });
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=华东区]")).ToBeVisibleAsync();
            await Assertions.Expect(input).ToHaveValueAsync("");
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=华东片区]")).ToHaveCountAsync(0);

            // A suggestion is taken only when the user moved to it.
            await input.ClickAsync();
            await page.Keyboard.TypeAsync("片区", new KeyboardTypeOptions { Delay = 40 });
            await Assertions.Expect(Suggestions(page)).ToHaveTextAsync(["华东片区"]);
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("[data-testid=tag-chip][data-tag=华东片区]")).ToBeVisibleAsync();
            await page.ScreenshotAsync(app, "typed-custom-tag");
        });

        var tags = JsonNode.Parse(await app.AdminApi.GetStringAsync($"/api/v1/sales/customers/{id}/tags"))!.AsArray()
            .Select(t => t!["tag_name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["华东区", "华东片区"], tags);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Bulk_tagging_adds_exactly_the_picked_and_typed_tags_even_when_typed_fast()
    {
        var owner = await app.NewUserAsync(displayName: "批量标签");
        using var api = await app.ApiClientAsync(owner.Username, owner.Password);
        var ids = new List<long>();
        foreach (var n in new[] { "甲", "乙", "丙" })
        {
            ids.Add(await CustomerScenarioTests.CreateCustomerAsync(api, new { name = $"批量标签{n}号{Suffix()}有限公司" }));
        }

        // A custom tag the catalogue already knows: it must not replace what is typed.
        Assert.True((await api.PostAsJsonAsync($"/api/v1/sales/customers/{ids[1]}/tags", new { tag_name = "华东区" })).IsSuccessStatusCode);

        var page = await app.NewPageAsync();
        await page.LoginAsync(owner.Username, owner.Password);
        await page.StepAsync(app, "bulk-typed", async () =>
        {
            await page.GetByLabel("选择本页全部客户").CheckAsync();
            await Assertions.Expect(page.TestId("bulk-bar")).ToContainTextAsync("已选择 3 个客户");
            await page.TestId("bulk-tag").Locator("button").ClickAsync();
            var dialog = page.Locator(".ant-modal:visible");
            var input = dialog.Locator("[data-testid=bulk-tag-select] input").First;
            await input.ClickAsync();
            await page.Keyboard.TypeAsync("高价值", new KeyboardTypeOptions { Delay = 40 });
            await page.Locator(".ant-select-dropdown:visible .ant-select-item-option", new PageLocatorOptions { HasText = "高价值客户" }).ClickAsync();
            await page.Keyboard.TypeAsync("年度框架客户", new KeyboardTypeOptions { Delay = 40 });
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.TypeAsync("重点跟进");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToContainTextAsync("年度框架客户");
            await Assertions.Expect(dialog).ToContainTextAsync("重点跟进");
            await page.ScreenshotAsync(app, "typed-bulk-tags");
            await dialog.Locator(".ant-btn-primary").ClickAsync();
            await Assertions.Expect(page.Locator(".ant-modal:visible")).ToHaveCountAsync(0);
        });

        foreach (var id in ids)
        {
            var tags = JsonNode.Parse(await api.GetStringAsync($"/api/v1/sales/customers/{id}/tags"))!.AsArray()
                .Select(t => t!["tag_name"]!.GetValue<string>()).Where(t => t != "华东区" || id != ids[1]).Order().ToList();
            Assert.Equal(new[] { "年度框架客户", "重点跟进", "高价值客户" }.Order(), tags);
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task A_double_click_on_save_creates_one_customer(int width)
    {
        var name = "双击保存" + Suffix() + "有限公司";
        var page = await app.NewPageAsync(width);
        await page.LoginAsync("admin", AppServer.AdminPassword, "/customers/new");
        await page.StepAsync(app, "double-click", async () =>
        {
            await page.Locator("[data-testid=field-name] input").ClickAsync();
            await page.Keyboard.TypeAsync(name);
            await page.Keyboard.PressAsync("Tab");
            await page.TestId("save-customer").Locator("button").DblClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/customers/\d+$"));
            await page.WaitForTimeoutAsync(1500);
        });

        var list = JsonNode.Parse(await app.AdminApi.GetStringAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString(name)))!;
        Assert.Equal(1, list["total"]!.GetValue<int>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_name_that_already_exists_warns_on_create_and_saves_only_when_confirmed()
    {
        var owner = await app.NewUserAsync(displayName: "查重甲");
        using var ownerApi = await app.ApiClientAsync(owner.Username, owner.Password);
        var suffix = Suffix();
        var mine = await CustomerScenarioTests.CreateCustomerAsync(ownerApi, new { name = $"华创{suffix}电子有限公司" });

        var page = await app.NewPageAsync();
        await page.LoginAsync(owner.Username, owner.Password, "/customers/new");
        await page.StepAsync(app, "create-duplicate", async () =>
        {
            await page.Locator("[data-testid=field-name] input").ClickAsync();
            await page.Keyboard.TypeAsync($" 华创{suffix}电子有限公司 ", new KeyboardTypeOptions { Delay = 10 });
            await page.Keyboard.PressAsync("Tab");
            await page.TestId("save-customer").Locator("button").ClickAsync();
            var warning = page.TestId("duplicate-warning");
            await Assertions.Expect(warning).ToContainTextAsync("已存在同名客户");
            await Assertions.Expect(warning).Not.ToContainTextAsync("属于其他销售");
            await Assertions.Expect(warning.TestId("duplicate-link")).ToHaveAttributeAsync("href", $"/customers/{mine}");
            await page.ScreenshotAsync(app, "duplicate-own");
            Assert.EndsWith("/customers/new", page.Url, StringComparison.Ordinal);

            // 取消 returns to the form; saving again with the same name asks again; only 仍然保存 saves.
            await DuplicateDialog(page).Locator(".ant-btn", new LocatorLocatorOptions { HasText = "取消" }).ClickAsync();
            await Assertions.Expect(page.Locator(".ant-modal-wrap:visible, .ant-modal-mask:visible")).ToHaveCountAsync(0);
            await page.WaitForTimeoutAsync(400);
            Assert.EndsWith("/customers/new", page.Url, StringComparison.Ordinal);
            await page.TestId("save-customer").Locator("button").ClickAsync();
            await Assertions.Expect(DuplicateDialog(page)).ToHaveCountAsync(1);
            await page.WaitForTimeoutAsync(400);
            await DuplicateDialog(page).Locator(".ant-btn-primary").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/customers/\d+$"));
        });
        var copy = long.Parse(CustomerId().Match(page.Url).Groups[1].Value);
        Assert.NotEqual(mine, copy);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Typing_straight_after_a_click_in_a_select_box_keeps_every_character()
    {
        // A click anywhere in a select's box, then typing at once, as a fast typist (or anyone on a slow line) does:
        // AntDesign put the caret in the box only after the server had answered, and the first characters were lost.
        var suffix = Suffix();
        var owner = await app.NewUserAsync(displayName: $"疾打{suffix}");
        var name = $"快速选择{suffix}有限公司";
        var page = await app.NewPageAsync();
        await page.LoginAsync("admin", AppServer.AdminPassword, "/customers/new");
        await page.StepAsync(app, "owner-typed-at-once", async () =>
        {
            await page.Locator("[data-testid=field-name] input").ClickAsync();
            await page.Keyboard.TypeAsync(name, new KeyboardTypeOptions { Delay = 10 });

            var box = page.TestId("field-sales_owner_id");
            await box.Locator(".ant-select-selector").ClickAsync();
            await page.Keyboard.TypeAsync($"疾打{suffix}", new KeyboardTypeOptions { Delay = 20 });
            await Assertions.Expect(box.Locator("input")).ToHaveValueAsync($"疾打{suffix}");
            await Assertions.Expect(VisibleOptions(page)).ToHaveTextAsync([$"疾打{suffix}"]);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(box.Locator(".ant-select-selection-item")).ToHaveTextAsync($"疾打{suffix}");

            await page.TestId("save-customer").Locator("button").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(CustomerId());
        });
        var saved = await FindByNameAsync(app.AdminApi, name);
        Assert.Equal(owner.Id, saved["sales_owner_id"]!.GetValue<long>());

        await page.GotoReadyAsync("/customers");
        await page.StepAsync(app, "tag-filter-composed-on-a-slow-line", async () =>
        {
            await Assertions.Expect(page.TestId("customer-filters")).ToHaveAttributeAsync("data-options", "ready");

            // Every answer of the circuit 150 ms late, and a pinyin input method: letters composed, then 重点 chosen. The
            // box's guard against late echoes must not stand in the way of a composition.
            var cdp = await page.SlowLineAsync();
            var tags = page.TestId("filter-tags");
            await tags.Locator(".ant-select-selector").ClickAsync();
            const string pinyin = "zhong'dian";
            for (var i = 1; i <= pinyin.Length; i++)
            {
                await cdp.SendAsync("Input.imeSetComposition", new Dictionary<string, object> { ["text"] = pinyin[..i], ["selectionStart"] = i, ["selectionEnd"] = i });
                await page.WaitForTimeoutAsync(30);
            }

            await page.Keyboard.InsertTextAsync("重点");
            await Assertions.Expect(tags.Locator("input")).ToHaveValueAsync("重点");
            await Assertions.Expect(VisibleOptions(page)).ToHaveTextAsync(["重点客户"]);
            await page.Keyboard.PressAsync("Escape");
        });
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/customers/(\d+)$")]
    private static partial Regex CustomerId();

    private static ILocator DuplicateDialog(IPage page) => page.Locator(".ant-modal:visible", new PageLocatorOptions { Has = page.TestId("duplicate-warning") });

    private static ILocator SuggestionList(IPage page) => page.Locator(".ant-select-dropdown:visible");

    private static ILocator Suggestions(IPage page) => page.Locator(".ant-select-dropdown:visible .ant-select-item-option");

    // A searchable select hides the options the typed text rules out.
    private static ILocator VisibleOptions(IPage page) => page.Locator(".ant-select-dropdown:visible .ant-select-item-option:visible");

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static async Task<JsonNode> FindByNameAsync(HttpClient api, string name)
    {
        var list = JsonNode.Parse(await api.GetStringAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString(name)))!;
        Assert.Equal(1, list["total"]!.GetValue<int>());
        return list["items"]![0]!;
    }
}
