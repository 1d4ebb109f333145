using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Web.Tests.Infrastructure.CounterRecount;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// Stats and the totals of lists filtered only by owner, grade and status come from trigger-kept counters
/// (decision 0016): after any mix of creates, updates, owner changes and deletes they say what a recount says.
/// </summary>
public sealed class CustomerCountersTests : OwnAppTests
{
    private static readonly string?[] Statuses = [null, "potential", "prospect", "customer", "lost"];
    private static readonly decimal?[] Revenues = [null, 0m, 99_999.99m, 500_000m, 1_000_000m, 2_000_000.10m, 7_654_321.05m];
    private static readonly int?[] Years = [null, 0, 1, 2, 3, 5, 8];

    // A cap of 3: every total below is beyond it, so a capped count could not pass for an exact one.
    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(3);

    [Fact]
    public async Task Stats_and_list_totals_match_a_recount_after_random_creates_updates_owner_changes_and_deletes()
    {
        var random = new Random(20261130);
        var sales = new[] { await Api.NewUserAsync(), await Api.NewUserAsync(), await Api.NewUserAsync() };
        var clients = sales.ToDictionary(s => s.Id, s => s.Client);
        clients[Api.AdminId] = Api.Admin;
        var owners = clients.Keys.ToArray();

        // Live customer id → its owner's id, to pick a client allowed to change it.
        var live = new Dictionary<long, long>();

        for (var step = 1; step <= 90; step++)
        {
            var action = live.Count < 5 ? 0 : random.Next(10);
            if (action < 4)
            {
                var body = RandomFields(random);
                body["name"] = $"计数器客户{step}";
                var owner = owners[random.Next(owners.Length)];
                var creator = clients[owner];
                if (owner != Api.AdminId && random.Next(2) == 0)
                {
                    body["sales_owner_id"] = owner;
                    creator = Api.Admin;
                }

                var created = await creator.CreateCustomerAsync(body);
                Assert.Equal(owner, created.Long("sales_owner_id"));
                live[created.Id()] = owner;
                continue;
            }

            var id = live.Keys.ElementAt(random.Next(live.Count));
            var client = random.Next(3) == 0 ? Api.Admin : clients[live[id]];
            var url = $"/api/v1/sales/customers/{id}";
            if (action < 8)
            {
                var body = RandomFields(random);
                body["industry"] = $"行业{step}";
                await client.PutJsonAsync(url, body).OkJsonAsync();
            }
            else if (action == 8)
            {
                var owner = owners[random.Next(owners.Length)];
                var updated = await Api.Admin.PutJsonAsync(url, new Dictionary<string, object?> { ["sales_owner_id"] = owner }).OkJsonAsync();
                Assert.Equal(owner, updated.Long("sales_owner_id"));
                live[id] = owner;
            }
            else
            {
                var deleted = await client.DeleteAsync(url);
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                live.Remove(id);
            }

            if (step % 30 == 0)
            {
                await AssertCountsMatchRecountAsync(sales, live.Count);
            }
        }
    }

    [Fact]
    public async Task Concurrent_creates_and_revenue_changes_of_one_salesperson_are_all_counted()
    {
        // One owner, one status, few grades: every write hits the same counters at once. On PostgreSQL each
        // transaction adds to one of several shard rows so that these writers do not queue on one row.
        var sales = await Api.NewUserAsync();
        var created = await Task.WhenAll(Enumerable.Range(1, 40).Select(i =>
            sales.Client.CreateCustomerAsync(new Dictionary<string, object?> { ["name"] = $"并发计数{i}", ["annual_revenue"] = 1_000m * i })));
        await Task.WhenAll(created.Select((c, i) =>
            sales.Client.PutJsonAsync($"/api/v1/sales/customers/{c.Id()}", new Dictionary<string, object?> { ["annual_revenue"] = 600_000m + i, ["status"] = "customer" }).OkJsonAsync()));

        await AssertCountsMatchRecountAsync([sales], 40);
        var stats = await sales.Client.GetJsonAsync("/api/v1/sales/customers/stats");
        Assert.Equal(40, stats.Long("total_customers"));

        await using var db = await Api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var shards = await db.CustomerCounters.Where(c => c.SalesOwnerId == sales.Id).Select(c => c.Shard).Distinct().ToListAsync();
        Assert.All(shards, s => Assert.InRange(s, 0, CustomerCounter.Shards - 1));
        if (Api.Factory.IsPostgres)
        {
            Assert.True(shards.Count > 1, $"all writes went to shard {string.Join(",", shards)}");
        }
        else
        {
            Assert.Equal([0], shards);
        }
    }

    [Fact]
    public async Task Folding_the_shards_keeps_every_figure_and_leaves_one_row_per_owner_status_and_grade()
    {
        var sales = await Api.NewUserAsync();
        var created = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => sales.Client.CreateCustomerAsync(new Dictionary<string, object?>
        {
            ["name"] = $"合并计数{i}",
            ["annual_revenue"] = 1_000m * i,
            ["cooperation_years"] = i % 3 == 0 ? null : i % 7,
            ["status"] = Statuses[i % Statuses.Length],
        })));
        await Task.WhenAll(created.Take(10).Select(c => sales.Client.DeleteAsync($"/api/v1/sales/customers/{c.Id()}")));

        var folded = await FoldAsync();
        var rows = await CounterRowsAsync(sales.Id);
        Assert.Equal(rows.Select(r => r.Key).Distinct().Count(), rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.Shard));
        if (Api.Factory.IsPostgres)
        {
            Assert.True(folded > 0, "the concurrent creates left no shard to fold");
        }
        else
        {
            Assert.Equal(0, folded);
        }

        await AssertCountsMatchRecountAsync([sales], 30);
        Assert.Equal(0, await FoldAsync());
    }

    [Fact]
    public async Task Folds_racing_concurrent_creates_updates_and_deletes_lose_no_count_and_fail_no_write()
    {
        // The fold takes one key's rows while writers of every shard add to them (decision 0070): no deadlock may
        // fail a save, and no delta may be lost or counted twice.
        var sales = new[] { await Api.NewUserAsync(), await Api.NewUserAsync() };
        using var writing = new CancellationTokenSource();
        var folds = 0;
        var folder = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                folds += await FoldAsync();
            }
        });

        var created = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => sales[i % 2].Client.CreateCustomerAsync(new Dictionary<string, object?>
        {
            ["name"] = $"竞争计数{i}",
            ["annual_revenue"] = 10_000m * i,
            ["status"] = Statuses[i % Statuses.Length],
        })));
        var writes = created.Select((c, i) => i % 3 == 0
            ? sales[i % 2].Client.DeleteAsync($"/api/v1/sales/customers/{c.Id()}")
            : sales[i % 2].Client.PutJsonAsync($"/api/v1/sales/customers/{c.Id()}", new Dictionary<string, object?>
            {
                ["annual_revenue"] = 700_000m + i,
                ["cooperation_years"] = i % 9,
                ["status"] = Statuses[(i + 2) % Statuses.Length],
            }));
        var answers = await Task.WhenAll(writes);
        await writing.CancelAsync();
        await folder;

        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, $"{(int)a.StatusCode}: {a.Content.ReadAsStringAsync().Result}"));
        await FoldAsync();
        await AssertCountsMatchRecountAsync(sales, 40);
        Assert.All(await CounterRowsAsync(sales[0].Id, sales[1].Id), r => Assert.Equal(0, r.Shard));
        if (Api.Factory.IsPostgres)
        {
            Assert.True(folds > 0, "no fold ran while the writes did");
        }
    }

    [Fact]
    public async Task The_app_folds_the_shards_by_itself_every_CounterFoldSeconds()
    {
        var api = new ApiFixture(new CappedCountFactory(3, counterFoldSeconds: 1));
        await api.InitializeAsync();
        try
        {
            await FoldsByItselfAsync(api);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task FoldsByItselfAsync(ApiFixture api)
    {
        var sales = await api.NewUserAsync();
        await Task.WhenAll(Enumerable.Range(1, 30).Select(i =>
            sales.Client.CreateCustomerAsync(new Dictionary<string, object?> { ["name"] = $"后台合并{i}", ["annual_revenue"] = 500m * i })));

        // The writes above spread over several shards on PostgreSQL; the app's own fold brings them back to one row.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<CounterRow> rows;
        while ((rows = await CounterRowsAsync(api.Factory, sales.Id)).Any(r => r.Shard != 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal([(0, 30L)], rows.Select(r => ((int)r.Shard, r.Customers)));
        await CounterRecount.AssertCountersMatchAsync(api.Factory);
    }

    private sealed record CounterRow(string Key, short Shard, long Customers);

    private async Task<int> FoldAsync()
    {
        await using var db = await Api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return await CounterShardFold.FoldAsync(db, CancellationToken.None);
    }

    private Task<List<CounterRow>> CounterRowsAsync(params long[] owners) => CounterRowsAsync(Api.Factory, owners);

    private static async Task<List<CounterRow>> CounterRowsAsync(CrmAppFactory factory, params long[] owners)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var rows = await db.CustomerCounters.AsNoTracking().Where(c => owners.Contains(c.SalesOwnerId)).ToListAsync();
        return rows.Select(c => new CounterRow($"{c.SalesOwnerId}/{c.StatusKey}/{c.CustomerLevel}", c.Shard, c.Customers)).ToList();
    }

    /// <summary>Some of status, revenue and years, each either a value or null (cleared).</summary>
    private static Dictionary<string, object?> RandomFields(Random random)
    {
        var body = new Dictionary<string, object?>();
        if (random.Next(4) > 0)
        {
            body["status"] = Statuses[random.Next(Statuses.Length)];
        }

        if (random.Next(4) > 0)
        {
            body["annual_revenue"] = Revenues[random.Next(Revenues.Length)];
        }

        if (random.Next(4) > 0)
        {
            body["cooperation_years"] = Years[random.Next(Years.Length)];
        }

        return body;
    }

    private async Task AssertCountsMatchRecountAsync(TestUser[] sales, int liveCustomers)
    {
        var recount = await CounterRecount.RecountAsync(Api.Factory);
        Assert.Equal(liveCustomers, recount.Sum(g => g.Customers));
        await CounterRecount.AssertCountersMatchAsync(Api.Factory);

        AssertStats(recount, await Api.Admin.GetJsonAsync("/api/v1/sales/customers/stats"));
        await AssertListTotalAsync(Api.Admin, "", recount);
        await AssertListTotalAsync(Api.Admin, "customer_level=A,B", recount.Where(g => g.Level is CustomerLevel.A or CustomerLevel.B));
        await AssertListTotalAsync(Api.Admin, "status=customer,lost", recount.Where(g => g.Status is "customer" or "lost"));
        foreach (var user in sales)
        {
            var own = recount.Where(g => g.Owner == user.Id).ToList();
            AssertStats(own, await user.Client.GetJsonAsync("/api/v1/sales/customers/stats"));
            AssertStats(own, await Api.Admin.GetJsonAsync($"/api/v1/sales/customers/stats?sales_owner_id={user.Id}"));
            await AssertListTotalAsync(user.Client, "", own);
            await AssertListTotalAsync(user.Client, "customer_level=D&status=potential", own.Where(g => g.Level == CustomerLevel.D && g.Status == "potential"));
            await AssertListTotalAsync(Api.Admin, $"sales_owner_id={user.Id}&status=prospect", own.Where(g => g.Status == "prospect"));
        }
    }

    /// <summary>The stats endpoint's figures, computed from the recount the way SPEC §4 defines them.</summary>
    private static void AssertStats(IReadOnlyCollection<Group> groups, JsonNode stats)
    {
        long Count(Func<Group, bool> which) => groups.Where(which).Sum(g => g.Customers);
        var yearsCount = groups.Sum(g => g.YearsCount);
        var expected = new Dictionary<string, decimal>
        {
            ["total_customers"] = Count(_ => true),
            ["potential_count"] = Count(g => g.Status == "potential"),
            ["prospect_count"] = Count(g => g.Status == "prospect"),
            ["customer_count"] = Count(g => g.Status == "customer"),
            ["lost_count"] = Count(g => g.Status == "lost"),
            ["level_a_count"] = Count(g => g.Level == CustomerLevel.A),
            ["level_b_count"] = Count(g => g.Level == CustomerLevel.B),
            ["level_c_count"] = Count(g => g.Level == CustomerLevel.C),
            ["level_d_count"] = Count(g => g.Level == CustomerLevel.D),
            ["total_annual_revenue"] = Money.FromFen(groups.Sum(g => g.RevenueFen)),
            ["avg_cooperation_years"] = yearsCount == 0
                ? 0m
                : decimal.Round((decimal)groups.Sum(g => g.YearsSum) / yearsCount, 2, MidpointRounding.AwayFromZero),
        };
        Assert.Equal(
            string.Join("\n", expected.Select(e => $"{e.Key}={e.Value}")),
            string.Join("\n", expected.Keys.Select(k => $"{k}={stats[k]!.GetValue<decimal>()}")));
    }

    private static async Task AssertListTotalAsync(HttpClient client, string filters, IEnumerable<Group> groups)
    {
        // page_size=1: the first page is short only when the list is empty, so the total is not just the rows shown.
        var page = await client.GetJsonAsync($"/api/v1/sales/customers?page_size=1&{filters}");
        Assert.Equal(groups.Sum(g => g.Customers), page.Long("total"));
        Assert.False(page.Bool("total_capped"), filters);
    }
}

/// <summary>The list reads its total from the counters only when nothing but owner, grade and status filters it.</summary>
public sealed class CustomerCountsFilterTests
{
    [Fact]
    public void Every_list_parameter_is_known_to_decide_whether_the_counters_can_answer()
    {
        // A new CustomerQuery property is probably a new filter: CustomerCounts.CanCount must exclude it and
        // CustomerQuery.RowsKey (whose estimate is remembered) include it; then add it here.
        string[] known = ["Page", "PageSize", "Keyword", "Levels", "Statuses", "Industry", "SalesOwnerId", "Tags", "NotFollowedDays", "Due", "OwnerActive", "OrderBy", "OrderDesc", "ExactTotal"];
        Assert.Equal(known.Order(), typeof(CustomerQuery).GetProperties().Where(p => !p.GetMethod!.IsStatic).Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("customer_level=A,B&status=lost&sales_owner_id=7&order_by=name&page=3", true)]
    [InlineData("keyword=%20", true)]
    [InlineData("exact_total=true", true)]
    [InlineData("keyword=abc", false)]
    [InlineData("industry=x", false)]
    [InlineData("tag=x", false)]
    [InlineData("not_followed_days=30", false)]
    [InlineData("owner_active=false", false)]
    [InlineData("follow_up_due=today", false)]
    public void Only_owner_grade_and_status_filters_are_counted_from_the_counters(string queryString, bool fromCounters)
    {
        var query = CustomerQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(queryString)));
        Assert.Equal(fromCounters, CustomerCounts.CanCount(query));
    }
}
