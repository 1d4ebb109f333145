using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// follow_up_due=today|overdue (我的今日待跟进, 已逾期): a customer is due when one of its records' 下次跟进时间 falls
/// today in the business zone (or before now) and nobody followed the customer up at or after that time. Every page
/// and total must equal what a full scan of the created records says, for an admin and for each salesperson.
/// </summary>
public sealed class FollowUpDueFilterTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private ApiFixture? _api;

    public async Task InitializeAsync()
    {
        _api = new ApiFixture(new CappedCountFactory(4, selectiveRows: 3));
        await _api.InitializeAsync();
    }

    public Task DisposeAsync() => _api!.DisposeAsync();

    private sealed record Case(string Name, (DateTimeOffset At, DateTimeOffset? Next)[] Records);

    [Fact]
    public async Task Due_today_and_overdue_list_and_count_exactly_what_a_full_scan_finds()
    {
        var api = _api!;
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai);
        var todayStart = new DateTimeOffset(now.Date, now.Offset);
        var yesterday = todayStart.AddDays(-1).AddHours(10);
        var earlierToday = todayStart.AddMinutes(1);
        var laterToday = todayStart.AddDays(1).AddMinutes(-1);
        var justNow = now.AddSeconds(-5);

        var cases = new List<Case>
        {
            new("今天早些到期未跟进", [(yesterday, earlierToday)]),
            new("今天晚些到期", [(yesterday, laterToday)]),
            new("今天到期已跟进", [(yesterday, earlierToday), (justNow, null)]),
            new("昨天到期未跟进", [(yesterday.AddDays(-1), yesterday)]),
            new("昨天到期今天跟进", [(yesterday.AddDays(-1), yesterday), (justNow, null)]),
            new("明天到期", [(yesterday, todayStart.AddDays(1).AddHours(9))]),
            new("旧记录到期新记录明天", [(yesterday.AddDays(-2), yesterday.AddDays(-1)), (justNow, todayStart.AddDays(1).AddHours(9))]),
            new("没有下次跟进", [(yesterday, null)]),
            new("从未跟进", []),
        };

        // Each case twice, for two owners, so scope and paging both matter.
        var created = new List<(long Id, long Owner, Case Case)>();
        for (var i = 0; i < cases.Count * 2; i++)
        {
            var owner = i % 2 == 0 ? first : second;
            var c = cases[i % cases.Count];
            var customer = await owner.Client.CreateCustomerAsync(new { name = $"{c.Name}{i:00}有限公司" });
            foreach (var (at, next) in c.Records)
            {
                await owner.Client.AddFollowUpAsync(customer.Id(), new { content = "电话", follow_up_at = at.ToString("o"), next_follow_up_at = next?.ToString("o") });
            }

            created.Add((customer.Id(), owner.Id, c));
        }

        // The oracle: the rule applied to the records as created, in memory.
        bool Due(Case c, DateTimeOffset from, DateTimeOffset until)
        {
            var last = c.Records.Length == 0 ? DateTimeOffset.MinValue : c.Records.Max(r => r.At);
            return c.Records.Any(r => r.Next is { } next && next >= from && next < until && next > last);
        }

        var checkedAt = DateTimeOffset.UtcNow;
        var filters = new (string Query, Func<Case, bool> Expected)[]
        {
            ("follow_up_due=today", c => Due(c, todayStart, todayStart.AddDays(1))),
            ("follow_up_due=overdue", c => Due(c, DateTimeOffset.MinValue, checkedAt)),
            ("follow_up_due=today&order_by=last_follow_up_at&order_desc=false", c => Due(c, todayStart, todayStart.AddDays(1))),
        };

        Assert.Contains(created, c => filters[0].Expected(c.Case));
        Assert.Contains(created, c => filters[1].Expected(c.Case) && !filters[0].Expected(c.Case));
        foreach (var (client, ownerId) in new[] { (api.Admin, (long?)null), (first.Client, first.Id), (second.Client, second.Id) })
        {
            foreach (var (query, expected) in filters)
            {
                var want = created.Where(c => (ownerId is null || c.Owner == ownerId) && expected(c.Case)).Select(c => c.Id).ToHashSet();
                var got = new List<long>();
                for (var page = 1; page <= 10; page++)
                {
                    var body = await client.GetJsonAsync($"/api/v1/sales/customers?{query}&page_size=2&page={page}");
                    var count = body.Items().Count;
                    got.AddRange(body.Items().Select(i => i!.Id()));
                    if (count < 2)
                    {
                        // A short page knows the exact total; an empty page after a full one counts up to the cap.
                        Assert.Equal(count == 0 && page > 1 ? Math.Min(want.Count, 4) : want.Count, body.Long("total"));
                        break;
                    }
                }

                Assert.True(want.SetEquals(got) && got.Count == want.Count, $"{query} as {ownerId}: got [{string.Join(',', got)}], want [{string.Join(',', want)}]");
            }
        }
    }

    [Fact]
    public async Task An_unknown_due_value_is_refused_with_the_allowed_ones()
    {
        var response = await _api!.Admin.GetAsync("/api/v1/sales/customers?follow_up_due=tomorrow");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "today, overdue");
    }
}
