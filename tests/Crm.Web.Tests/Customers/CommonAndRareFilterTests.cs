using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// A keyword or tag on many rows takes a different SQL path than a rare one (decisions 0007, 0069); with
/// Crm:SearchSelectiveRows = 3 a handful of records exercises both. Every page and total must equal what a full
/// scan of the created records says, for an admin and for a salesperson (an admin's tag-only total is counted from the
/// tag index alone). A rare keyword's or tag's page either looks its candidates up and sorts them, or walks the sort
/// order testing rows against them (TrigramSearch.ScanInOrder): this class takes the first path, the one below the second.
/// </summary>
public class CommonAndRareFilterTests : OwnAppTests
{
    private const int Cap = 6;

    /// <summary>Crm:SearchOrderedScanFactor: 0 never walks the sort order for a rare keyword or tag.</summary>
    protected virtual double OrderedScanFactor => 0;

    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(Cap, selectiveRows: 3, OrderedScanFactor);

    [Fact]
    public async Task Common_and_rare_keywords_and_tags_list_and_count_exactly_what_a_full_scan_finds()
    {
        var api = Api;
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        var common = RecordHelpers.UniqueTag("常用");
        var rare = RecordHelpers.UniqueTag("稀有");
        var marker = "甄" + Guid.NewGuid().ToString("N")[..6];

        // 12 customers: "精铸" in 9 of them (common), "锻压" in 2 (rare); tags likewise; grades vary.
        var created = new List<(long Id, long Owner, string Name, string Level, List<string> Tags)>();
        for (var i = 0; i < 12; i++)
        {
            var owner = i % 3 == 0 ? second : first;
            var word = i < 9 ? "精铸" : i < 11 ? "锻压" : "冲压";
            var name = $"{marker}{word}机械{i:00}有限公司";
            var customer = await owner.Client.CreateCustomerAsync(new { name, annual_revenue = i % 2 == 0 ? 6_000_000 : 100_000 });
            var tags = new List<string>();
            if (i % 4 != 3)
            {
                await owner.Client.AddTagAsync(customer.Id(), common);
                tags.Add(common);
            }

            if (i is 2 or 7)
            {
                await owner.Client.AddTagAsync(customer.Id(), rare);
                tags.Add(rare);
            }

            created.Add((customer.Id(), owner.Id, name, customer.Str("customer_level")!, tags));
        }

        // A deleted customer that carried both tags: an admin's tag-only total is counted from the tag rows alone, which
        // must have gone with it.
        var deleted = await first.Client.CreateCustomerAsync(new { name = $"{marker}精铸机械删除有限公司" });
        await first.Client.AddTagAsync(deleted.Id(), common);
        await first.Client.AddTagAsync(deleted.Id(), rare);
        (await first.Client.DeleteAsync($"/api/v1/sales/customers/{deleted.Id()}")).EnsureSuccessStatusCode();

        var queries = new (string Query, Func<(long Id, long Owner, string Name, string Level, List<string> Tags), bool> Expected)[]
        {
            ("keyword=" + Uri.EscapeDataString(marker + "精铸"), c => c.Name.Contains(marker + "精铸", StringComparison.Ordinal)),
            ("keyword=" + Uri.EscapeDataString(marker + "锻压"), c => c.Name.Contains(marker + "锻压", StringComparison.Ordinal)),
            ("keyword=" + Uri.EscapeDataString(marker) + "&tag=" + Uri.EscapeDataString(common), c => c.Tags.Contains(common)),
            ("keyword=" + Uri.EscapeDataString(marker) + "&tag=" + Uri.EscapeDataString(rare), c => c.Tags.Contains(rare)),
            ("tag=" + Uri.EscapeDataString(common), c => c.Tags.Contains(common)),
            ("tag=" + Uri.EscapeDataString(rare), c => c.Tags.Contains(rare)),
            ("tag=" + Uri.EscapeDataString(common) + "&tag=" + Uri.EscapeDataString(rare), c => c.Tags.Contains(common) && c.Tags.Contains(rare)),
            ("keyword=" + Uri.EscapeDataString(marker + "精铸") + "&tag=" + Uri.EscapeDataString(common), c => c.Name.Contains(marker + "精铸", StringComparison.Ordinal) && c.Tags.Contains(common)),
            ("keyword=" + Uri.EscapeDataString(marker + "精铸") + "&customer_level=B", c => c.Name.Contains(marker + "精铸", StringComparison.Ordinal) && c.Level == "B"),
        };

        foreach (var (client, ownerId) in new[] { (api.Admin, (long?)null), (first.Client, first.Id), (second.Client, second.Id) })
        {
            foreach (var (query, expected) in queries)
            {
                var want = created.Where(c => (ownerId is null || c.Owner == ownerId) && expected(c)).Select(c => c.Id).OrderByDescending(id => id).ToList();
                var got = new List<long>();
                for (var page = 1; page <= 8; page++)
                {
                    var body = await client.GetJsonAsync($"/api/v1/sales/customers?{query}&page_size=2&page={page}");
                    var exact = ownerId is null && IsOneTagOnly(query);
                    var expectedTotal = exact ? want.Count : Math.Min(want.Count, Cap);
                    var count = body.Items().Count;
                    if (count == 2 || (count == 0 && page > 1))
                    {
                        // A full (or empty later) page reports the count up to the cap; an admin's list of one tag, its counter (exact).
                        Assert.True(expectedTotal == body.Long("total"), $"{query} as {ownerId}: total {body.Long("total")}, want {expectedTotal}");
                        Assert.Equal(!exact && want.Count > Cap, body.Bool("total_capped"));
                    }
                    else
                    {
                        // A short page is the last one and knows the exact total.
                        Assert.Equal(want.Count, body.Long("total"));
                    }

                    got.AddRange(body.Items().Select(i => i!.Id()));
                    if (count < 2)
                    {
                        break;
                    }
                }

                Assert.True(want.SequenceEqual(got), $"{query} as {ownerId}: got [{string.Join(',', got)}], want [{string.Join(',', want)}]");
            }
        }
    }

    [Fact]
    public async Task A_tag_remembered_as_rare_that_has_grown_past_the_cap_still_pages_and_counts_exactly()
    {
        var api = Api;
        var owner = await api.NewUserAsync();
        var tag = RecordHelpers.UniqueTag("渐多");
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var customer = await owner.Client.CreateCustomerAsync(new { name = $"渐多标签{Guid.NewGuid().ToString("N")[..6]}机械{i:00}有限公司" });
            ids.Add(customer.Id());
        }

        // Two holders: the list learns the tag is rare (at most Crm:TagSelectiveRows = 3) and remembers it for a minute.
        var tagged = ids[..2];
        foreach (var id in tagged)
        {
            await owner.Client.AddTagAsync(id, tag);
        }

        var query = "/api/v1/sales/customers?tag=" + Uri.EscapeDataString(tag);
        Assert.Equal(2, (await api.Admin.GetJsonAsync(query)).Long("total"));

        // Meanwhile it reaches 10 customers, past the cap of 6: pages and totals follow the list's rules all the same.
        foreach (var id in ids[2..])
        {
            await owner.Client.AddTagAsync(id, tag);
        }

        var newestFirst = ids.OrderByDescending(id => id).ToList();
        foreach (var client in new[] { api.Admin, owner.Client })
        {
            var pages = new List<System.Text.Json.Nodes.JsonNode>();
            for (var page = 1; page <= 4; page++)
            {
                pages.Add(await client.GetJsonAsync($"{query}&page_size=4&page={page}"));
            }

            // The salesperson's total is counted up to the cap; the admin's is the tag's counter (decision 0083).
            var admin = client == api.Admin;
            Assert.Equal(newestFirst, pages.SelectMany(p => p.Items()).Select(i => i!.Id()));
            Assert.Equal(admin ? [10L, 10L, 10L, 10L] : [6L, 6L, 10L, 6L], pages.Select(p => p.Long("total")));
            Assert.Equal(admin ? [false, false, false, false] : [true, true, false, true], pages.Select(p => p.Bool("total_capped")));

            var exact = await client.GetJsonAsync($"{query}&page_size=4&page=2&exact_total=true");
            Assert.Equal(10, exact.Long("total"));
            Assert.False(exact.Bool("total_capped"));
            Assert.Equal(newestFirst[4..8], exact.Items().Select(i => i!.Id()));
        }
    }

    /// <summary>A list filtered by one tag and nothing else.</summary>
    private static bool IsOneTagOnly(string query) => query.StartsWith("tag=", StringComparison.Ordinal) && !query.Contains('&', StringComparison.Ordinal);
}

/// <summary>The same oracle when every rare keyword's and rare tag's page walks the sort order and tests rows against its candidates.</summary>
public sealed class CommonAndRareFilterOrderedScanTests : CommonAndRareFilterTests
{
    protected override double OrderedScanFactor => 1e12;
}
