using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Customers;

[Collection("api")]
public sealed class KeywordSearchTests(ApiFixture api)
{
    private static async Task<HashSet<long>> IdsAsync(HttpClient client, string keyword)
    {
        var page = await client.GetJsonAsync("/api/v1/sales/customers?page_size=100&keyword=" + Uri.EscapeDataString(keyword));
        return page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToHashSet();
    }

    [Fact]
    public async Task Pinyin_initials_and_full_pinyin_find_the_Chinese_name()
    {
        var sales = await api.NewUserAsync();
        var target = await sales.Client.CreateCustomerAsync(new { name = "上海精密机械有限公司", short_name = "精机" });
        await sales.Client.CreateCustomerAsync(new { name = "北京华创电子有限公司" });

        Assert.Equal([target.Id()], await IdsAsync(sales.Client, "shjm"));
        Assert.Equal([target.Id()], await IdsAsync(sales.Client, "shanghaijingmi"));
        Assert.Equal([target.Id()], await IdsAsync(sales.Client, "SHJM"));
        Assert.Equal([target.Id()], await IdsAsync(sales.Client, "jingji"));
        Assert.Empty(await IdsAsync(sales.Client, "shjmx"));
    }

    /// <summary>Issue 14: a known word is read as a word (重庆 chongqing); any other polyphone by every reading (长 chang/zhang).</summary>
    [Theory]
    [InlineData("长江实业集团", "cj changjiang zj zhangjiang cjsy", "")]
    [InlineData("重庆钢铁公司", "cq chongqing cqgt", "zq zhongqing")]
    [InlineData("厦门航空公司", "xm xiamen xmhk", "shamen")]
    [InlineData("宁波银行", "yh yinhang nbyh ningboyinhang", "yx yinxing")]
    [InlineData("成都天府软件", "cd chengdu cdtf", "chengdou")]
    [InlineData("长沙理工机械", "cs changsha csl", "")]
    [InlineData("星海音乐文化", "yy yinyue xhyy", "yinle")]
    public async Task Polyphones_are_found_by_the_word_reading_or_every_reading(string name, string finds, string findsNothing)
    {
        var sales = await api.NewUserAsync();
        var target = await sales.Client.CreateCustomerAsync(new { name });
        await sales.Client.CreateCustomerAsync(new { name = "上海精密机械" });
        await sales.Client.CreateCustomerAsync(new { name = "北京华为电子" });

        foreach (var keyword in finds.Split(' '))
        {
            Assert.True((await IdsAsync(sales.Client, keyword)).SetEquals([target.Id()]), $"'{keyword}' should find {name} only");
        }

        foreach (var keyword in findsNothing.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True((await IdsAsync(sales.Client, keyword)).Count == 0, $"'{keyword}' should find nothing");
        }
    }

    [Fact]
    public async Task Rows_indexed_by_an_older_version_are_re_indexed_in_the_background()
    {
        var sales = await api.NewUserAsync();
        var created = await sales.Client.CreateCustomerAsync(new { name = "长江重工机械" });
        var contact = await sales.Client.CreateContactAsync(created.Id(), new { name = "王伟", mobile = "13812340009" });
        var factory = api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // What version 1 wrote: ICU's one reading per character; contacts without pinyin or customer name.
            var old = Crm.Domain.Customers.SearchText.Build("长江重工机械", null, created.Str("customer_code"), _ => ["zhangjiangzhonggongjixie", "zjzgjx"]);
            await db.Customers.Where(c => c.Id == created.Id()).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, old));
            var oldContact = Crm.Domain.Customers.SearchText.Fields(["王伟", "13812340009", null], _ => []);
            await db.Contacts.Where(c => c.Id == contact.Id()).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, oldContact));
            await db.AppSecrets.Where(s => s.Name == SearchReindex.CustomersKey || s.Name == SearchReindex.ContactsKey).ExecuteDeleteAsync();
        }

        async Task<long> ContactsFound(string keyword) =>
            (await sales.Client.GetJsonAsync("/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString(keyword)))["total"]!.GetValue<long>();

        Assert.Empty(await IdsAsync(sales.Client, "changjiang"));
        Assert.Equal(0, await ContactsFound("长江重工"));
        await SearchReindex.RunAsync(factory, CancellationToken.None);
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "changjiang"));
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "zjzgjx"));
        Assert.Equal(1, await ContactsFound("长江重工"));
        Assert.Equal(1, await ContactsFound("wangwei"));
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal("2", (await db.AppSecrets.SingleAsync(s => s.Name == SearchReindex.CustomersKey)).Value);
            Assert.Equal("2", (await db.AppSecrets.SingleAsync(s => s.Name == SearchReindex.ContactsKey)).Value);
        }
    }

    [Fact]
    public async Task One_two_and_four_character_Chinese_terms_match_exactly()
    {
        var sales = await api.NewUserAsync();
        var a = await sales.Client.CreateCustomerAsync(new { name = "苏州精密模具有限公司" });
        var b = await sales.Client.CreateCustomerAsync(new { name = "精工密封件厂" });
        var c = await sales.Client.CreateCustomerAsync(new { name = "杭州华创科技" });

        Assert.Equal([a.Id()], await IdsAsync(sales.Client, "精密"));
        Assert.Equal([a.Id(), b.Id()], await IdsAsync(sales.Client, "精"));
        Assert.Equal([a.Id()], await IdsAsync(sales.Client, "精密模具"));
        Assert.Equal([c.Id()], await IdsAsync(sales.Client, "华创科"));
        Assert.Empty(await IdsAsync(sales.Client, "密精"));
    }

    [Fact]
    public async Task Search_follows_renames_and_forgets_deleted_customers()
    {
        var sales = await api.NewUserAsync();
        var created = await sales.Client.CreateCustomerAsync(new { name = "旧名称贸易公司" });
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "旧名称"));

        await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{created.Id()}", new { name = "新名称物流公司" });
        Assert.Empty(await IdsAsync(sales.Client, "旧名称"));
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "新名称"));
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "xmcwl"));

        await sales.Client.DeleteAsync($"/api/v1/sales/customers/{created.Id()}");
        Assert.Empty(await IdsAsync(sales.Client, "新名称"));
    }

    [Fact]
    public async Task Rows_written_without_search_text_are_filled_in_at_start()
    {
        var sales = await api.NewUserAsync();
        var created = await sales.Client.CreateCustomerAsync(new { name = "补齐索引机电公司" });
        var factory = api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Customers.Where(c => c.Id == created.Id()).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, string.Empty));
        }

        Assert.Empty(await IdsAsync(sales.Client, "补齐索引"));
        await SearchBackfill.RunAsync(api.Factory.Services);
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "补齐索引"));
        Assert.Equal([created.Id()], await IdsAsync(sales.Client, "bqsy"));
    }

    /// <summary>Recall and precision against a full scan of the same customers, for many kinds of keyword.</summary>
    [Fact]
    public async Task Results_equal_a_full_scan_substring_match()
    {
        var sales = await api.NewUserAsync();
        var random = new Random(7);
        string[] cities = ["上海", "北京", "苏州", "深圳", "杭州"];
        string[] trades = ["精密", "华创", "宏达", "鑫源", "精工", "达华"];
        string[] kinds = ["机械", "电子", "科技", "贸易", "Tech"];
        var customers = new List<JsonNode>();
        for (var i = 0; i < 40; i++)
        {
            var trade = trades[random.Next(trades.Length)];
            var name = cities[random.Next(cities.Length)] + trade + kinds[random.Next(kinds.Length)] + (i % 3 == 0 ? "有限公司" : "");
            customers.Add(await sales.Client.CreateCustomerAsync(new { name, short_name = i % 2 == 0 ? trade : null }));
        }

        var keywords = new List<string> { "精", "精密", "华创电", "有限公司", "tech", "TECH", "ch", "h", "sh", "shjm", "jingmi", "huachuang", "hcdz", "cus", "Z", "%", "_", " ", "海精" };
        foreach (var customer in customers.Take(12))
        {
            var name = customer.Str("name");
            var start = random.Next(name.Length - 1);
            keywords.Add(name.Substring(start, Math.Min(1 + random.Next(4), name.Length - start)));
            keywords.Add(customer.Str("customer_code").Substring(3 + random.Next(6), 5));
        }

        foreach (var keyword in keywords.Distinct())
        {
            var expected = customers.Where(c => Matches(c, keyword.Trim())).Select(c => c.Id()).ToHashSet();
            var actual = await IdsAsync(sales.Client, keyword);
            if (keyword.Trim().Length == 0)
            {
                Assert.Equal(customers.Count, actual.Count);
                continue;
            }

            Assert.True(expected.SetEquals(actual), $"keyword '{keyword}': expected {expected.Count} ids, got {actual.Count}");
        }
    }

    private static bool Matches(JsonNode customer, string keyword)
    {
        var k = keyword.ToLowerInvariant();
        var name = customer.Str("name");
        var shortName = customer["short_name"]?.GetValue<string>();
        var fields = new List<string> { name.ToLowerInvariant(), customer.Str("customer_code").ToLowerInvariant() };
        if (shortName is not null)
        {
            fields.Add(shortName.ToLowerInvariant());
        }

        foreach (var text in new[] { name, shortName })
        {
            if (text is not null && Crm.Domain.Customers.SearchText.ContainsHan(text))
            {
                fields.AddRange(Pinyin.Of(text));
            }
        }

        return fields.Any(f => f.Contains(k, StringComparison.Ordinal));
    }
}
