using System.Globalization;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Workbench;

/// <summary>
/// Panels longer than they show: each lists its first ten in its own order and counts the rest, up to 1,000 ("1000+").
/// A quiet panel joins customers followed up long ago with customers never followed up, so its items interleave the two
/// and its count is their sum — capped even when neither part alone reaches the cap. Judged against the inserted rows.
/// </summary>
[Collection("api")]
public sealed class WorkbenchLongPanelsTests(ApiFixture api)
{
    // 00:30 on 11 June in Shanghai, still 10 June in UTC.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-10T16:30:00Z", CultureInfo.InvariantCulture);
    private static DateTime Utc(string shanghai) => DateTimeOffset.Parse(shanghai, CultureInfo.InvariantCulture).UtcDateTime;

    private sealed record Row(long Id, DateTime? Last, DateTime? Next, DateTime Created);

    [Fact]
    public async Task Each_panel_shows_its_first_ten_in_order_and_counts_the_rest_up_to_the_cap()
    {
        var sales = await api.NewUserAsync();
        var rows = new Dictionary<string, List<Row>>();
        async Task Insert(string panel, int count, Func<int, (DateTime? Last, DateTime? Next, DateTime Created)> at)
        {
            var customers = await api.InsertCustomersAsync(sales.Id, count, (c, i) =>
            {
                (c.LastFollowUpAt, c.NextFollowUpAt, c.CreatedAt) = at(i);
                c.UpdatedAt = c.CreatedAt;
                c.Name = $"{panel}{i:0000}";
            });
            rows[panel] = customers.Select(c => new Row(c.Id, c.LastFollowUpAt, c.NextFollowUpAt, c.CreatedAt)).ToList();
        }

        var yesterday = Utc("2026-06-10T09:00:00+08:00");
        // Twelve due today, several at the same minute (the id decides); 1,005 overdue; all followed up yesterday.
        await Insert("今日", 12, i => (yesterday, Utc("2026-06-11T08:00:00+08:00").AddMinutes(i / 3 * 30), yesterday));
        await Insert("逾期", 1005, i => (yesterday, Utc("2026-06-10T23:00:00+08:00").AddHours(-i / 2), yesterday));
        // 30 days quiet: seven followed up in May, six never followed up created in May, interleaved by date.
        await Insert("静默30跟进", 7, i => (Utc("2026-05-01T10:00:00+08:00").AddDays(i), null, Utc("2026-01-05T10:00:00+08:00")));
        await Insert("静默30未跟进", 6, i => (null, null, Utc("2026-05-01T18:00:00+08:00").AddDays(i)));
        // 90 days quiet: 600 of each, 1,200 in all; neither part reaches the cap alone.
        await Insert("静默90跟进", 600, i => (Utc("2026-01-01T10:00:00+08:00").AddHours(i), null, Utc("2025-12-01T10:00:00+08:00")));
        await Insert("静默90未跟进", 600, i => (null, null, Utc("2026-01-01T10:30:00+08:00").AddHours(i)));

        using var pinned = api.Factory.Clock.Pin(Now);
        var bench = await sales.Client.GetJsonAsync("/api/v1/sales/workbench");

        AssertPanel(bench["due_today"]!, rows["今日"].OrderBy(r => r.Next).ThenBy(r => r.Id), 12, false);
        AssertPanel(bench["overdue"]!, rows["逾期"].OrderByDescending(r => r.Next).ThenByDescending(r => r.Id), 1000, true);
        AssertPanel(bench["quiet30"]!, rows["静默30跟进"].Concat(rows["静默30未跟进"]).OrderBy(r => r.Last ?? r.Created).ThenBy(r => r.Id), 13, false);
        Assert.Equal(0, bench["quiet60"]!.Long("count"));
        Assert.Empty(bench["quiet60"]!["items"]!.AsArray());
        AssertPanel(bench["quiet90"]!, rows["静默90跟进"].Concat(rows["静默90未跟进"]).OrderBy(r => r.Last ?? r.Created).ThenBy(r => r.Id), 1000, true);

        // The 30-day panel's ten mix both kinds: its order is not one part's after the other's.
        var quiet30 = bench["quiet30"]!["items"]!.AsArray().Select(i => i!.Id()).ToList();
        Assert.Contains(quiet30, id => rows["静默30跟进"].Any(r => r.Id == id));
        Assert.Contains(quiet30, id => rows["静默30未跟进"].Any(r => r.Id == id));

        // The admin picking this salesperson sees the same panels.
        var picked = await api.Admin.GetJsonAsync($"/api/v1/sales/workbench?sales_owner_id={sales.Id}");
        foreach (var panel in new[] { "due_today", "overdue", "quiet30", "quiet60", "quiet90" })
        {
            Assert.Equal(bench[panel]!.ToJsonString(), picked[panel]!.ToJsonString());
        }
    }

    private static void AssertPanel(JsonNode panel, IEnumerable<Row> inOrder, long count, bool capped)
    {
        Assert.Equal(inOrder.Take(10).Select(r => r.Id), panel["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal(count, panel.Long("count"));
        Assert.Equal(capped, panel["count_capped"]!.GetValue<bool>());
    }
}
