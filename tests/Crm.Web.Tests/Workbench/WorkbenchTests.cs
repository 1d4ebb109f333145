using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Workbench;

/// <summary>
/// The 工作台 (issue 15): every figure checked against a full scan of the salesperson's book done here, over customers
/// placed around today, overdue and the 30/60/90-day marks — on business-zone day edges that fall on the same UTC day.
/// </summary>
[Collection("api")]
public sealed class WorkbenchTests(ApiFixture api)
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 00:30 on 11 June in Shanghai, still 10 June in UTC: a day computed in UTC would be off by one.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-10T16:30:00Z", CultureInfo.InvariantCulture);
    private static readonly DateOnly Today = new(2026, 6, 11);

    [Fact]
    public async Task Every_panel_matches_a_full_scan_of_the_book_on_business_zone_days()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var named = new Dictionary<string, long>();
        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-03-01T12:00:00+08:00", CultureInfo.InvariantCulture)))
        {
            named["never_old"] = (await sales.Client.CreateCustomerAsync(new { name = "从未跟进-老", status = "potential" })).Id();
        }

        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-05-12T23:59:00+08:00", CultureInfo.InvariantCulture)))
        {
            named["never_30"] = (await sales.Client.CreateCustomerAsync(new { name = "从未跟进-30天", status = "prospect" })).Id();
        }

        using (api.Factory.Clock.Pin(DateTimeOffset.Parse("2026-05-13T00:01:00+08:00", CultureInfo.InvariantCulture)))
        {
            named["never_29"] = (await sales.Client.CreateCustomerAsync(new { name = "从未跟进-29天" })).Id();
        }

        using (api.Factory.Clock.Pin(Now))
        {
            async Task<long> Customer(string key, object body, params (string At, string? Next)[] followUps)
            {
                var id = (await sales.Client.CreateCustomerAsync(body)).Id();
                foreach (var (at, next) in followUps)
                {
                    await sales.Client.AddFollowUpAsync(id, new { content = "电话沟通", method = "phone", follow_up_at = at, next_follow_up_at = next });
                }

                named[key] = id;
                return id;
            }

            var todayStart = await Customer("today_start", new { name = "今日-零点", status = "customer", annual_revenue = 2_000_000, cooperation_years = 5 }, ("2026-06-01T10:00:00+08:00", "2026-06-11T00:00:00+08:00"));
            await Customer("today_end", new { name = "今日-深夜", status = "customer", annual_revenue = 600_000, cooperation_years = 2 }, ("2026-06-01T10:00:00+08:00", "2026-06-11T23:59:00+08:00"));
            await Customer("tomorrow", new { name = "明日-零点", status = "prospect", annual_revenue = 200_000 }, ("2026-06-01T10:00:00+08:00", "2026-06-12T00:00:00+08:00"));
            await Customer("overdue_edge", new { name = "昨日-深夜", status = "prospect" }, ("2026-06-01T10:00:00+08:00", "2026-06-10T23:59:00+08:00"));
            await Customer("overdue_old", new { name = "逾期-五月", status = "lost" }, ("2026-04-01T10:00:00+08:00", "2026-05-01T09:00:00+08:00"));
            await Customer("superseded", new { name = "计划被新记录取代", status = "customer" }, ("2026-06-01T10:00:00+08:00", "2026-06-11T10:00:00+08:00"), ("2026-06-05T10:00:00+08:00", null));
            await Customer("quiet30", new { name = "静默-30天" }, ("2026-05-12T23:59:00+08:00", null));
            await Customer("quiet29", new { name = "静默-29天" }, ("2026-05-13T00:01:00+08:00", null));
            await Customer("quiet60", new { name = "静默-60天" }, ("2026-04-12T12:00:00+08:00", null));
            await Customer("quiet59", new { name = "静默-59天" }, ("2026-04-13T12:00:00+08:00", null));
            await Customer("quiet90", new { name = "静默-90天" }, ("2026-03-13T12:00:00+08:00", null));
            await Customer("quiet89", new { name = "静默-89天" }, ("2026-03-14T12:00:00+08:00", null));

            await sales.Client.CreateContactAsync(todayStart, new { name = "今天生日", birthday = "1990-06-11" });
            await sales.Client.CreateContactAsync(todayStart, new { name = "六天后生日", birthday = "1985-06-17" });
            await sales.Client.CreateContactAsync(todayStart, new { name = "七天后生日", birthday = "1980-06-18" });
            await sales.Client.CreateContactAsync(todayStart, new { name = "昨天生日", birthday = "1990-06-10" });

            var othersDue = (await other.Client.CreateCustomerAsync(new { name = "别人的今日" })).Id();
            await other.Client.AddFollowUpAsync(othersDue, new { content = "拜访", follow_up_at = "2026-06-09T10:00:00+08:00", next_follow_up_at = "2026-06-11T15:00:00+08:00" });

            var bench = await sales.Client.GetJsonAsync("/api/v1/sales/workbench");
            var oracle = await FullScanAsync(sales.Client);

            Assert.Equal("2026-06-11", bench.Str("today"));
            AssertPanel(bench["due_today"]!, oracle.Where(c => c.Next is { } n && Day(n) == Today), [named["today_start"], named["today_end"]]);
            AssertPanel(bench["overdue"]!, oracle.Where(c => c.Next is { } n && Day(n) < Today), [named["overdue_edge"], named["overdue_old"]]);
            AssertPanel(bench["quiet30"]!, oracle.Where(c => c.QuietDays is >= 30 and < 60), [named["quiet30"], named["quiet59"], named["never_30"]]);
            AssertPanel(bench["quiet60"]!, oracle.Where(c => c.QuietDays is >= 60 and < 90), [named["quiet60"], named["quiet89"], named["overdue_old"]]);
            AssertPanel(bench["quiet90"]!, oracle.Where(c => c.QuietDays >= 90), [named["quiet90"], named["never_old"]]);

            // Longest quiet first: the 90-day panel lists the customer never followed up since March 1 before March 13.
            Assert.Equal([named["never_old"], named["quiet90"]], bench["quiet90"]!["items"]!.AsArray().Select(i => i!.Id()));
            Assert.Equal([named["today_start"], named["today_end"]], bench["due_today"]!["items"]!.AsArray().Select(i => i!.Id()));
            Assert.Equal("2026-06-11T00:00:00+08:00", bench["due_today"]!["items"]![0]!.Str("next_follow_up_at"));

            var birthdays = bench["birthdays"]!;
            Assert.Equal(["今天生日", "六天后生日"], birthdays["items"]!.AsArray().Select(b => b!.Str("name")));
            Assert.Equal(2, birthdays.Long("count"));

            var counts = bench["counts"]!;
            Assert.Equal(oracle.Count, counts.Long("total_customers"));
            Assert.Equal(oracle.Count(c => c.Status == "customer"), counts.Long("customer_count"));
            Assert.Equal(oracle.Count(c => c.Status == "prospect"), counts.Long("prospect_count"));
            Assert.Equal(oracle.Count(c => c.Status == "potential"), counts.Long("potential_count"));
            Assert.Equal(oracle.Count(c => c.Status == "lost"), counts.Long("lost_count"));
            Assert.Equal(oracle.Count(c => c.Level == "A"), counts.Long("level_a_count"));
            Assert.Equal(oracle.Count(c => c.Level == "B"), counts.Long("level_b_count"));
            Assert.Equal(oracle.Count(c => c.Level == "D"), counts.Long("level_d_count"));

            // My recent changes: the newest ten of my entries on customers, as the audit trail has them.
            var trail = (await api.Admin.GetJsonAsync($"/api/v1/audit?user_id={sales.Id}&page_size=100")).Items()
                .Where(e => e!["customer_id"] is not null).Select(e => e!.Id()).Take(10);
            Assert.Equal(trail, bench["recent_changes"]!.AsArray().Select(e => e!.Id()));

            // An admin picking the salesperson sees the same figures; the whole team includes the other one's customer.
            var picked = await api.Admin.GetJsonAsync($"/api/v1/sales/workbench?sales_owner_id={sales.Id}");
            foreach (var panel in new[] { "due_today", "overdue", "quiet30", "quiet60", "quiet90", "birthdays", "counts", "recent_changes" })
            {
                Assert.Equal(bench[panel]!.ToJsonString(), picked[panel]!.ToJsonString());
            }

            var team = await api.Admin.GetJsonAsync("/api/v1/sales/workbench");
            Assert.True(team["due_today"]!.Long("count") >= 3);
            Assert.Contains(othersDue, team["due_today"]!["items"]!.AsArray().Select(i => i!.Id()));
            Assert.DoesNotContain(othersDue, bench["due_today"]!["items"]!.AsArray().Select(i => i!.Id()));

            // A salesperson naming someone else sees nothing of theirs.
            var sneaky = await sales.Client.GetJsonAsync($"/api/v1/sales/workbench?sales_owner_id={other.Id}");
            Assert.Equal(0, sneaky["due_today"]!.Long("count"));
            Assert.Equal(0, sneaky["counts"]!.Long("total_customers"));
            Assert.Empty(sneaky["recent_changes"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_follow_up_logged_today_moves_the_customer_off_the_overdue_list()
    {
        var sales = await api.NewUserAsync();
        var id = (await sales.Client.CreateCustomerAsync(new { name = "补上跟进" })).Id();
        await sales.Client.AddFollowUpAsync(id, new { content = "电话", follow_up_at = DateTimeOffset.UtcNow.AddDays(-5), next_follow_up_at = DateTimeOffset.UtcNow.AddDays(-2) });
        Assert.Equal([id], (await sales.Client.GetJsonAsync("/api/v1/sales/workbench"))["overdue"]!["items"]!.AsArray().Select(i => i!.Id()));

        var record = await sales.Client.AddFollowUpAsync(id, new { content = "终于打通", follow_up_at = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Empty((await sales.Client.GetJsonAsync("/api/v1/sales/workbench"))["overdue"]!["items"]!.AsArray());

        // Deleting that record brings the older plan back.
        Assert.Equal(HttpStatusCode.NoContent, (await sales.Client.DeleteAsync($"/api/v1/sales/follow-ups/{record.Id()}")).StatusCode);
        Assert.Single((await sales.Client.GetJsonAsync("/api/v1/sales/workbench"))["overdue"]!["items"]!.AsArray());
    }

    [Fact]
    public async Task Workbench_needs_a_token_and_a_valid_owner()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/api/v1/sales/workbench")).StatusCode);
        await (await api.Admin.GetAsync("/api/v1/sales/workbench?sales_owner_id=abc")).AssertErrorAsync(HttpStatusCode.BadRequest, "sales_owner_id");
    }

    private static void AssertPanel(JsonNode panel, IEnumerable<Scanned> expected, long[] named)
    {
        var ids = expected.Select(c => c.Id).Order().ToArray();
        Assert.Equal(named.Order().ToArray(), ids);
        Assert.Equal(ids.Length, panel.Long("count"));
        Assert.False(panel["count_capped"]!.GetValue<bool>());
        Assert.Equal(ids, panel["items"]!.AsArray().Select(i => i!.Id()).Order().ToArray());
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    private sealed record Scanned(long Id, string? Status, string Level, DateTimeOffset? Next, int QuietDays);

    /// <summary>The oracle: every customer of the book through the list API and every follow-up of each, judged here.</summary>
    private static async Task<List<Scanned>> FullScanAsync(HttpClient client)
    {
        var result = new List<Scanned>();
        for (var page = 1; ; page++)
        {
            var items = (await client.GetJsonAsync($"/api/v1/sales/customers?page={page}&page_size=100")).Items();
            foreach (var c in items.Select(i => i!))
            {
                var followUps = (await client.GetJsonAsync($"/api/v1/sales/customers/{c.Id()}/follow-ups")).AsArray()
                    .Select(f => f!)
                    .Select(f => (At: DateTimeOffset.Parse(f.Str("follow_up_at"), CultureInfo.InvariantCulture), Id: f.Id(), Next: f["next_follow_up_at"]?.GetValue<string>()))
                    .OrderByDescending(f => f.At).ThenByDescending(f => f.Id)
                    .ToList();
                var latest = followUps.FirstOrDefault();
                var quietSince = followUps.Count > 0 ? latest.At : DateTimeOffset.Parse(c.Str("created_at"), CultureInfo.InvariantCulture);
                result.Add(new Scanned(
                    c.Id(),
                    c["status"]?.GetValue<string>(),
                    c.Str("customer_level"),
                    latest.Next is { } next ? DateTimeOffset.Parse(next, CultureInfo.InvariantCulture) : null,
                    Today.DayNumber - Day(quietSince).DayNumber));
            }

            if (items.Count < 100)
            {
                return result;
            }
        }
    }
}
