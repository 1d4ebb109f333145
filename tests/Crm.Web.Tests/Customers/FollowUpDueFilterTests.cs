using System.Globalization;
using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// follow_up_due=today|overdue (我的今日待跟进, 已逾期) and the 工作台's 今日待跟进 / 已逾期 panels are one rule (decision 0056):
/// the customer's 下次跟进时间 — the plan of its latest follow-up record — falls in today's business-zone day, or before
/// it. Every page and total must equal what a full scan of the created records says, for an admin and for each
/// salesperson, and the 工作台 must name the same customers — also where the list once read any record's plan.
/// </summary>
public sealed class FollowUpDueFilterTests : OwnAppTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 00:30 on 11 June in Shanghai, still 10 June in UTC: a day computed in UTC would be off by one.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-11T00:30:00+08:00", CultureInfo.InvariantCulture);
    private static readonly DateOnly Today = new(2026, 6, 11);

    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(4, selectiveRows: 3);

    private sealed record Case(string Name, (string At, string? Next)[] Records)
    {
        /// <summary>The plan of the latest record (by follow-up time, then the order they were logged).</summary>
        public DateOnly? PlannedDay => Records.Select((r, i) => (r, i)).OrderByDescending(x => At(x.r.At)).ThenByDescending(x => x.i)
            .Select(x => x.r.Next is { } next ? Day(next) : (DateOnly?)null).FirstOrDefault();

        /// <summary>
        /// The list's rule before the two were one: any record's plan in the range that nobody followed up at or after.
        /// The data set must hold customers on which it disagrees, or the agreement below proves nothing.
        /// </summary>
        public bool OldListRule(DateTimeOffset from, DateTimeOffset until)
        {
            var last = Records.Length == 0 ? DateTimeOffset.MinValue : Records.Max(r => At(r.At));
            return Records.Any(r => r.Next is { } next && At(next) >= from && At(next) < until && At(next) > last);
        }
    }

    private static readonly Case[] Cases =
    [
        new("今天早些到期未跟进", [("2026-06-10T10:00:00+08:00", "2026-06-11T00:10:00+08:00")]),
        new("今天零点到期", [("2026-06-10T10:00:00+08:00", "2026-06-11T00:00:00+08:00")]),
        new("今天深夜到期", [("2026-06-10T10:00:00+08:00", "2026-06-11T23:59:00+08:00")]),
        new("今天到期已跟进", [("2026-06-10T10:00:00+08:00", "2026-06-11T00:10:00+08:00"), ("2026-06-11T00:20:00+08:00", null)]),
        new("昨天深夜到期未跟进", [("2026-06-09T10:00:00+08:00", "2026-06-10T23:59:00+08:00")]),
        new("昨天到期今天跟进", [("2026-06-09T10:00:00+08:00", "2026-06-10T10:00:00+08:00"), ("2026-06-11T00:20:00+08:00", null)]),
        new("明天零点到期", [("2026-06-10T10:00:00+08:00", "2026-06-12T00:00:00+08:00")]),
        new("新记录取消了今天的计划", [("2026-06-08T10:00:00+08:00", "2026-06-11T23:00:00+08:00"), ("2026-06-10T10:00:00+08:00", null)]),
        new("补录的旧记录计划今天", [("2026-06-10T10:00:00+08:00", "2026-06-12T09:00:00+08:00"), ("2026-06-05T10:00:00+08:00", "2026-06-11T00:10:00+08:00")]),
        new("补录的旧记录没有计划", [("2026-06-09T10:00:00+08:00", "2026-06-10T18:00:00+08:00"), ("2026-06-08T10:00:00+08:00", null)]),
        new("没有下次跟进", [("2026-06-10T10:00:00+08:00", null)]),
        new("从未跟进", []),
    ];

    [Fact]
    public async Task Due_today_and_overdue_in_the_list_and_on_the_workbench_are_the_same_customers_a_full_scan_finds()
    {
        var api = Api;
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        using var pinned = api.Factory.Clock.Pin(Now);

        // Each case twice, for two owners, so scope and paging both matter.
        var created = new List<(long Id, long Owner, Case Case)>();
        for (var i = 0; i < Cases.Length * 2; i++)
        {
            var owner = i % 2 == 0 ? first : second;
            var c = Cases[i % Cases.Length];
            var customer = await owner.Client.CreateCustomerAsync(new { name = $"{c.Name}{i:00}有限公司" });
            foreach (var (at, next) in c.Records)
            {
                await owner.Client.AddFollowUpAsync(customer.Id(), new { content = "电话", follow_up_at = at, next_follow_up_at = next });
            }

            created.Add((customer.Id(), owner.Id, c));
        }

        var todayStart = new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var filters = new (string Query, string Panel, Func<Case, bool> Expected, Func<Case, bool> Old)[]
        {
            ("follow_up_due=today", "due_today", c => c.PlannedDay == Today, c => c.OldListRule(todayStart, todayStart.AddDays(1))),
            ("follow_up_due=overdue", "overdue", c => c.PlannedDay < Today, c => c.OldListRule(DateTimeOffset.MinValue, Now)),
            ("follow_up_due=today&order_by=last_follow_up_at&order_desc=false", "due_today", c => c.PlannedDay == Today, c => c.OldListRule(todayStart, todayStart.AddDays(1))),
        };

        foreach (var (_, _, expected, old) in filters)
        {
            Assert.Contains(Cases, c => expected(c));
            Assert.Contains(Cases, c => expected(c) != old(c));
        }

        foreach (var (client, ownerId) in new[] { (api.Admin, (long?)null), (first.Client, first.Id), (second.Client, second.Id) })
        {
            var workbench = await client.GetJsonAsync("/api/v1/sales/workbench");
            foreach (var (query, panel, expected, _) in filters)
            {
                var want = created.Where(c => (ownerId is null || c.Owner == ownerId) && expected(c.Case)).Select(c => c.Id).Order().ToList();
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

                Assert.True(want.SequenceEqual(got.Order()), $"{query} as {ownerId}: got [{string.Join(',', got)}], want [{string.Join(',', want)}]");
                Assert.Equal(want, workbench[panel]!["items"]!.AsArray().Select(i => i!.Id()).Order());
                Assert.Equal(want.Count, workbench[panel]!.Long("count"));
            }
        }
    }

    [Fact]
    public async Task An_unknown_due_value_is_refused_with_the_allowed_ones()
    {
        var response = await Api.Admin.GetAsync("/api/v1/sales/customers?follow_up_due=tomorrow");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "today, overdue");
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(At(text), Shanghai).DateTime);
}
