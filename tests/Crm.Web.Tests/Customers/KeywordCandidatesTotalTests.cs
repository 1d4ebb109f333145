using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// Decision 0071: on SQLite, a keyword whose FTS5 phrase is the whole keyword has its candidate ids as its matches, so
/// an admin's list takes its total from their number: exact, past the cap too. Whatever narrows further (whose records,
/// a grade) and a phrase that left out common trigrams are counted as before. Pages are always what a full scan finds.
/// Crm:ListCountCap = 3; Crm:SearchSelectiveRows = 50 reads every keyword here from its candidates.
/// </summary>
public sealed class KeywordCandidatesTotalTests : OwnAppTests
{
    private const int Cap = 3;

    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(Cap, selectiveRows: 50);

    [Fact]
    public async Task An_admins_keyword_total_is_its_candidates_and_follows_renames_and_deletes()
    {
        var api = Api;
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        var marker = "甄" + Guid.NewGuid().ToString("N")[..6];
        var word = marker + "铣床";

        var customers = new List<(long Id, TestUser Owner, string Name)>();
        for (var i = 0; i < 8; i++)
        {
            var owner = i % 2 == 0 ? first : second;
            var name = $"{word}{i:00}有限公司";
            customers.Add(((await owner.Client.CreateCustomerAsync(new { name })).Id(), owner, name));
        }

        var other = $"{marker}车床有限公司";
        customers.Add(((await second.Client.CreateCustomerAsync(new { name = other })).Id(), second, other));

        // One renamed away from the keyword, one deleted, one renamed into it: the search index follows every save.
        customers[1] = customers[1] with { Name = $"{marker}刨床01有限公司" };
        customers[8] = customers[8] with { Name = $"{word}改名有限公司" };
        foreach (var index in new[] { 1, 8 })
        {
            (await customers[index].Owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customers[index].Id}", new { name = customers[index].Name }))
                .EnsureSuccessStatusCode();
        }

        (await second.Client.DeleteAsync($"/api/v1/sales/customers/{customers[3].Id}")).EnsureSuccessStatusCode();
        customers.RemoveAt(3);

        var sqlite = !api.Factory.IsPostgres;
        foreach (var (client, owner) in new[] { (api.Admin, (TestUser?)null), (first.Client, first), (second.Client, second) })
        {
            var want = customers.Where(c => (owner is null || c.Owner == owner) && c.Name.Contains(word, StringComparison.Ordinal))
                .Select(c => c.Id).OrderByDescending(id => id).ToList();
            var fromCandidates = sqlite && owner is null;

            var got = new List<long>();
            for (var page = 1; page <= 6; page++)
            {
                var body = await client.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(word)}&page_size=2&page={page}");
                var count = body.Items().Count;
                var last = count < 2 && (count > 0 || page == 1); // a short page shows where the list ends
                var (total, capped) = last || fromCandidates ? (want.Count, false) : (Math.Min(want.Count, Cap), want.Count > Cap);
                Assert.True(
                    (total, capped, false) == (body.Long("total"), body.Bool("total_capped"), body.Bool("total_estimated")),
                    $"page {page} as {owner?.Id}: {body}");
                got.AddRange(body.Items().Select(i => i!.Id()));
                if (count < 2)
                {
                    break;
                }
            }

            Assert.Equal(want, got);
        }

        // Contacts likewise: 3 under the first salesperson's customer, 2 under the second's.
        var contactWord = marker + "联系人";
        foreach (var (customer, count) in new[] { (customers[0], 3), (customers[6], 2) })
        {
            for (var i = 0; i < count; i++)
            {
                await customer.Owner.Client.CreateContactAsync(customer.Id, new { name = $"{contactWord}{customer.Id}{i}" });
            }
        }

        foreach (var (client, owner, own) in new[] { (api.Admin, (TestUser?)null, 5), (first.Client, first, 3), (second.Client, second, 2) })
        {
            var body = await client.GetJsonAsync($"/api/v1/sales/contacts?keyword={Uri.EscapeDataString(contactWord)}&page_size=2");
            var (total, capped) = sqlite && owner is null ? (own, false) : (Math.Min(own, Cap), own > Cap);
            Assert.True((total, capped) == (body.Long("total"), body.Bool("total_capped")), $"contacts as {owner?.Id}: {body}");
        }
    }

    [Fact]
    public async Task A_phrase_without_the_keywords_common_trigrams_is_tested_row_by_row_and_counted_as_before()
    {
        var api = Api;
        var marker = "甄" + Guid.NewGuid().ToString("N")[..6];

        // 有限公司 is in 14 of the 16 customers, so SQLite's phrase for "…铣床有限公司" stops at "…铣床有" (decision 0067),
        // which the two 有为 companies hold too: they are candidates, not matches.
        for (var i = 0; i < 10; i++)
        {
            await api.Admin.CreateCustomerAsync(new { name = $"填充{Guid.NewGuid().ToString("N")[..6]}有限公司" });
        }

        var matches = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            matches.Add((await api.Admin.CreateCustomerAsync(new { name = $"{marker}铣床有限公司{i}" })).Id());
        }

        for (var i = 0; i < 2; i++)
        {
            await api.Admin.CreateCustomerAsync(new { name = $"{marker}铣床有为科技{i}" });
        }

        var keyword = Uri.EscapeDataString(marker + "铣床有限公司");
        var top = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={keyword}&page_size=2");
        Assert.True((Cap, true) == (top.Long("total"), top.Bool("total_capped")), top.ToString());

        var exact = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={keyword}&page_size=2&exact_total=true");
        Assert.True((4, false) == (exact.Long("total"), exact.Bool("total_capped")), exact.ToString());

        var all = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?keyword={keyword}&page_size=10");
        Assert.Equal(matches.OrderDescending(), all.Items().Select(i => i!.Id()));
    }
}
