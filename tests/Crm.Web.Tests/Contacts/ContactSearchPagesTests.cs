using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Contacts;

/// <summary>
/// A contact search's pages are exactly what a full scan finds, newest first and scoped to whose contacts the actor
/// sees; its total is exact up to the cap, capped beyond it, and exact again on the page that shows where the list
/// ends. On PostgreSQL a keyword the sample does not find on more contacts than the cap reads its matches' ids once for
/// page and total (decision 0075); one the sample finds on more is tested row by row. Crm:ListCountCap = 3
/// and Crm:CountSampleRows = 16 (eight runs of two ids, taken once the table holds 32 contacts) show both.
/// </summary>
public sealed class ContactSearchPagesTests : OwnAppTests
{
    private const int Cap = 3;
    private const int PageSize = 2;

    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(Cap, selectiveRows: 3, sampleRows: 16);

    [Fact]
    public async Task A_selective_keyword_pages_like_a_full_scan_with_its_total_capped_then_exact_on_the_last_page()
    {
        // Six matches among twelve, three of each salesperson's: the admin's total is capped, each salesperson's exact.
        var contacts = await CreateAsync(Api, 12, i => i % 3 != 2 && i < 9 ? "甄选" + i : "其他" + i);
        await AssertPagesAsync(Api, contacts, "甄选", expectedAdminMatches: 6);
    }

    [Fact]
    public async Task A_keyword_the_sample_finds_on_more_than_the_cap_pages_and_counts_the_same()
    {
        // 32 contacts, every one a match: the sample sees them all.
        var contacts = await CreateAsync(Api, 32, i => "通配" + i);
        await AssertPagesAsync(Api, contacts, "通配", expectedAdminMatches: 32);
    }

    private static async Task AssertPagesAsync(ApiFixture api, IReadOnlyList<Created> contacts, string keyword, int expectedAdminMatches)
    {
        var (first, second) = (contacts[0].Owner, contacts[1].Owner);
        foreach (var (client, owner) in new[] { (api.Admin, (TestUser?)null), (first.Client, first), (second.Client, second) })
        {
            var want = contacts.Where(c => c.Name.Contains(keyword, StringComparison.Ordinal) && (owner is null || c.Owner == owner))
                .Select(c => c.Id).OrderByDescending(id => id).ToList();
            if (owner is null)
            {
                Assert.Equal(expectedAdminMatches, want.Count);
            }

            var got = new List<long>();
            for (var page = 1; ; page++)
            {
                var body = await client.GetJsonAsync($"/api/v1/sales/contacts?keyword={Uri.EscapeDataString(keyword)}&page_size={PageSize}&page={page}");
                var items = body.Items();
                got.AddRange(items.Select(i => i!.Id()));
                // A page that shows where the list ends knows its total exactly; any other counts up to the cap.
                var showsEnd = items.Count < PageSize && (items.Count > 0 || page == 1);
                var capped = !showsEnd && want.Count > Cap;
                var expected = (capped ? Cap : want.Count, capped);
                Assert.True(expected == (body.Long("total"), body.Bool("total_capped")), $"as {owner?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "admin"}, page {page}: {body}");
                if (items.Count < PageSize)
                {
                    break;
                }
            }

            Assert.True(want.SequenceEqual(got), $"got [{string.Join(',', got)}], want [{string.Join(',', want)}]");
        }
    }

    /// <summary>Contacts of two salespeople's customers (whose names match no keyword here), created in turn.</summary>
    private static async Task<IReadOnlyList<Created>> CreateAsync(ApiFixture api, int count, Func<int, string> name)
    {
        var owners = new[] { await api.NewUserAsync(), await api.NewUserAsync() };
        var customers = new List<long>();
        foreach (var owner in owners)
        {
            customers.Add((await owner.Client.CreateCustomerAsync(new { name = "分页客户" + owner.Id })).Id());
        }

        var created = new List<Created>();
        for (var i = 0; i < count; i++)
        {
            var owner = owners[i % 2];
            var contact = await owner.Client.CreateContactAsync(customers[i % 2], new { name = name(i) });
            created.Add(new Created(contact.Id(), name(i), owner));
        }

        return created;
    }

    private sealed record Created(long Id, string Name, TestUser Owner);
}
