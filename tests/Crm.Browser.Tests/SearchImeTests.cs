using System.Text.RegularExpressions;
using Crm.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Browser.Tests;

/// <summary>Issue 14, defect 9: a Chinese input method (IME) puts pinyin letters in the box before the characters.</summary>
[Collection("browser")]
public sealed class SearchImeTests(AppServer app)
{
    [Fact]
    public async Task The_list_is_not_searched_while_an_input_method_composes_only_for_the_chosen_characters()
    {
        var sales = await app.NewUserAsync(displayName: "钱程");
        using var api = await app.ApiClientAsync(sales.Username, sales.Password);
        await CustomerScenarioTests.CreateCustomerAsync(api, new { name = "长江实业集团" });
        await CustomerScenarioTests.CreateCustomerAsync(api, new { name = "扬州运河物流有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password);
        var table = page.TestId("customer-table");
        await Assertions.Expect(table).ToContainTextAsync("扬州运河物流有限公司");

        await page.StepAsync(app, "composing", async () =>
        {
            // What Chromium does for a pinyin IME: each key updates the composition ("chang'jiang" is on screen).
            await page.Locator("[data-testid=customer-search] input").FocusAsync();
            var ime = await page.Context.NewCDPSessionAsync(page);
            const string pinyin = "chang'jiang";
            for (var i = 1; i <= pinyin.Length; i++)
            {
                await ime.SendAsync("Input.imeSetComposition", new Dictionary<string, object> { ["text"] = pinyin[..i], ["selectionStart"] = i, ["selectionEnd"] = i });
                await page.WaitForTimeoutAsync(60);
            }

            // Well past the search box's pause (150 ms): a search for the letters would have run by now.
            await page.WaitForTimeoutAsync(1200);
            Assert.DoesNotContain("keyword", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(table).ToContainTextAsync("扬州运河物流有限公司");
            await Assertions.Expect(table).ToContainTextAsync("长江实业集团");
        });

        await page.StepAsync(app, "chosen", async () =>
        {
            // Choosing the candidate commits the composition.
            await page.Keyboard.InsertTextAsync("长江");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("keyword=%E9%95%BF%E6%B1%9F$"));
            await Assertions.Expect(table).ToContainTextAsync("长江实业集团");
            await Assertions.Expect(table).Not.ToContainTextAsync("扬州运河物流有限公司");
            await Assertions.Expect(page.Locator("[data-testid=customer-search] input")).ToHaveValueAsync("长江");
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Typing_at_a_typists_pace_keeps_every_letter_while_searches_finish_and_redraw_the_list()
    {
        // Found by the UI bench: with a search after each pause, a search that finished mid-word redrew the box with the
        // text the server had last heard, and a letter typed meanwhile vanished ("jingmi" was searched as "jigmi").
        var sales = await app.NewUserAsync(displayName: "孙敏");
        using var api = await app.ApiClientAsync(sales.Username, sales.Password);
        for (var i = 0; i < 12; i++)
        {
            await CustomerScenarioTests.CreateCustomerAsync(api, new { name = $"精密机械制造{i:00}有限公司" });
        }

        await CustomerScenarioTests.CreateCustomerAsync(api, new { name = "扬州运河物流有限公司" });
        var page = await app.NewPageAsync();
        await page.LoginAsync(sales.Username, sales.Password);
        var table = page.TestId("customer-table");
        await Assertions.Expect(table).ToContainTextAsync("扬州运河物流有限公司");

        // A slow connection (as a loaded server is): every answer of the circuit arrives after the next letters were typed.
        await page.SlowLineAsync();

        var box = page.Locator("[data-testid=customer-search] input");
        foreach (var (word, delay) in new[] { ("jingmijixiezhizao", 60), ("jmjxzz", 165) })
        {
            await box.FillAsync("");
            await box.PressAsync("Enter");
            await Assertions.Expect(table).ToContainTextAsync("扬州运河物流有限公司");

            // Fast typing, and typing just slower than the search box's pause (150 ms), where nearly every letter runs a
            // search whose rows are drawn while the next letters are typed.
            await box.PressSequentiallyAsync(word, new LocatorPressSequentiallyOptions { Delay = delay });
            await Assertions.Expect(box).ToHaveValueAsync(word);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("keyword=" + word + "$"));
            await Assertions.Expect(table).ToContainTextAsync("精密机械制造00有限公司");
            await Assertions.Expect(table).Not.ToContainTextAsync("扬州运河物流有限公司");
        }

        await page.Context.CloseAsync();
    }
}
