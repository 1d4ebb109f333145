using System.Globalization;
using System.Net.Http.Json;
using Crm.Web.Tests.ImportExport;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Tags;

/// <summary>
/// An admin's list of one tag in the default order reads its customers from the tag index, whose rows hold each
/// customer's creation time (decision 0078). Here creation time does not follow the id (an imported history, a clock set
/// back): every page and the total must equal the inserted rows sorted by creation time and then id, in both directions,
/// whichever way the tag was given — and again after a creation time is changed behind the app's back.
/// </summary>
[Collection("api")]
public sealed class TagListOrderTests(ApiFixture api)
{
    private const int PageSize = 4;

    private sealed record Row(long Id, DateTime Created);

    [Fact]
    public async Task An_admins_tag_list_pages_by_creation_time_whatever_the_ids_say()
    {
        var sales = await api.NewUserAsync();
        var tag = RecordHelpers.UniqueTag("排序");
        var start = DateTimeOffset.Parse("2026-03-01T09:00:00+08:00", CultureInfo.InvariantCulture).UtcDateTime;

        // 15 customers whose creation times run against their ids in a shuffle; the last three share one second.
        var rows = (await api.InsertCustomersAsync(sales.Id, 15, (c, i) =>
            {
                c.CreatedAt = c.UpdatedAt = start.AddHours(i >= 12 ? 5 : (i * 7) % 12);
                c.Name = $"排序客户{i:00}";
            }))
            .Select(c => new Row(c.Id, c.CreatedAt))
            .ToList();

        // Tagged one by one and in bulk; a customer without the tag stays out.
        foreach (var row in rows.Take(5))
        {
            await sales.Client.AddTagAsync(row.Id, tag);
        }

        (await sales.Client.PostAsJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = rows.Skip(5).SkipLast(1).Select(r => r.Id), tag_names = new[] { tag } }))
            .EnsureSuccessStatusCode();
        var tagged = rows.SkipLast(1).ToList();

        await AssertPagesAsync(tag, tagged);

        // A creation time changed outside the app (here: raw SQL) moves the customer in the tag's order.
        var moved = tagged[3];
        var earliest = tagged.Min(r => r.Created).AddDays(-1);
        await using (var db = await api.Factory.Services.GetDb().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE customers SET created_at = {earliest} WHERE id = {moved.Id}");
        }

        tagged[3] = moved with { Created = earliest };
        await AssertPagesAsync(tag, tagged);
    }

    private async Task AssertPagesAsync(string tag, List<Row> tagged)
    {
        foreach (var desc in new[] { true, false })
        {
            var expected = (desc
                ? tagged.OrderByDescending(r => r.Created).ThenByDescending(r => r.Id)
                : tagged.OrderBy(r => r.Created).ThenBy(r => r.Id)).Select(r => r.Id).ToList();
            var got = new List<long>();
            for (var page = 1; page <= (expected.Count + PageSize - 1) / PageSize; page++)
            {
                var body = await api.Admin.GetJsonAsync($"/api/v1/sales/customers?tag={Uri.EscapeDataString(tag)}&order_desc={(desc ? "true" : "false")}&page={page}&page_size={PageSize}");
                Assert.Equal(expected.Count, body.Long("total"));
                got.AddRange(body["items"]!.AsArray().Select(i => i!.Id()));
            }

            Assert.Equal(expected, got);
        }
    }
}
