using System.Data.Common;
using Crm.Domain.Common;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Tests.Backups;
using Crm.Web.Tests.ImportExport;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// Decision 0086: each night SQLite's FTS5 search indexes are merged back into one b-tree, and search finds exactly what
/// it found before, also what was saved after the merge.
/// </summary>
public sealed class SearchIndexMergeTests : OwnAppTests
{
    private protected override CrmAppFactory CreateFactory() => new();

    [EngineFact("sqlite")]
    public async Task The_merge_leaves_one_b_tree_per_index_and_search_finds_the_same_customers_and_contacts()
    {
        var api = Api;
        var codes = await SaveOneByOneAsync(api.Admin, "合并", 12);
        var keywords = new[] { "合并", "精工", "hbjg", "hebing", codes[5], "1380000", "联系人甲" };
        var before = await FoundAsync(api.Admin, keywords);
        Assert.Equal(12, before["customers 合并"].Count);
        Assert.Equal(6, before["contacts 联系人甲"].Count);

        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var connection = await OpenAsync(db);
        foreach (var table in SearchIndexMerge.Tables)
        {
            Assert.True(await SearchIndexMerge.SegmentsAsync(connection, table, default) > 1, table);
        }

        var merge = api.Factory.Services.GetServices<IHostedService>().OfType<SearchIndexMerge>().Single();
        var steps = await merge.RunAsync(default);
        foreach (var table in SearchIndexMerge.Tables)
        {
            Assert.True(steps[table] > 0, table);
            Assert.Equal(1, await SearchIndexMerge.SegmentsAsync(connection, table, default));
        }

        Assert.Equal(before, await FoundAsync(api.Admin, keywords));

        // One b-tree already: left as it is, not written again every night.
        Assert.All((await merge.RunAsync(default)).Values, s => Assert.Equal(0, s));

        // Saved after the merge: found at once (its own b-tree), and folded in by the next merge.
        var later = await SaveOneByOneAsync(api.Admin, "合并", 1, first: 12);
        Assert.True(await SearchIndexMerge.SegmentsAsync(connection, "customer_search", default) > 1);
        Assert.Equal([.. before["customers 合并"].Prepend(later[0])], (await FoundAsync(api.Admin, ["合并"]))["customers 合并"]);
        await merge.RunAsync(default);
        Assert.Equal(1, await SearchIndexMerge.SegmentsAsync(connection, "customer_search", default));
        Assert.Equal([.. before["customers 合并"].Prepend(later[0])], (await FoundAsync(api.Admin, ["合并"]))["customers 合并"]);
    }

    [EngineFact("sqlite")]
    public async Task Left_alone_the_app_merges_its_search_indexes_on_schedule()
    {
        var factory = new BackupAppFactory(new() { ["Crm:SearchMergeSchedule"] = "*/2 * * * * *" });
        await using var api = new ApiFixture(factory);
        await api.InitializeAsync();
        await SaveOneByOneAsync(api.Admin, "定时", 8);

        await using var db = await factory.Services.GetDb().CreateDbContextAsync();
        var connection = await OpenAsync(db);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await SearchIndexMerge.SegmentsAsync(connection, "customer_search", default) > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(1, await SearchIndexMerge.SegmentsAsync(connection, "customer_search", default));
        Assert.Equal(8, (await FoundAsync(api.Admin, ["定时"]))["customers 定时"].Count);
    }

    [Fact]
    public void The_merge_runs_at_half_past_three_business_time_after_the_backup()
    {
        var schedule = Schedules.Parse("Crm:SearchMergeSchedule", SearchIndexMerge.DefaultSchedule);
        var shanghai = BusinessTime.For(null).Zone;

        // 08:00 in Shanghai: the next merge is 03:30 the next morning, 19:30 UTC.
        Assert.Equal(new DateTime(2026, 12, 6, 19, 30, 0, DateTimeKind.Utc), Schedules.Next(schedule, new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc), shanghai));
        Assert.Null(Schedules.Parse("Crm:SearchMergeSchedule", "off"));
        var ex = Assert.Throws<InvalidOperationException>(() => Schedules.Parse("Crm:SearchMergeSchedule", "every night"));
        Assert.Contains("Crm:SearchMergeSchedule", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Customers (and a contact each) saved one request at a time: every save commits its own b-tree.</summary>
    private static async Task<List<string>> SaveOneByOneAsync(HttpClient admin, string prefix, int count, int first = 0)
    {
        var codes = new List<string>();
        for (var i = first; i < first + count; i++)
        {
            var customer = await admin.CreateCustomerAsync(new { name = $"{prefix}精工{i:00}号" });
            await admin.CreateContactAsync(customer.Id(), new { name = i % 2 == 0 ? "联系人甲" : "联系人乙", mobile = $"13800000{i:000}" });
            codes.Add(customer.Str("customer_code")!);
        }

        return codes;
    }

    /// <summary>What each keyword finds: "customers K", their codes newest first (the default order); "contacts K", the contacts' ids.</summary>
    private static async Task<Dictionary<string, List<string>>> FoundAsync(HttpClient admin, IEnumerable<string> keywords)
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            var customers = await admin.GetJsonAsync("/api/v1/sales/customers?page_size=100&keyword=" + Uri.EscapeDataString(keyword));
            var contacts = await admin.GetJsonAsync("/api/v1/sales/contacts?page_size=100&keyword=" + Uri.EscapeDataString(keyword));
            found["customers " + keyword] = [.. customers.Items().Select(i => i!.Str("customer_code")!)];
            found["contacts " + keyword] = [.. contacts.Items().Select(i => i!["id"]!.ToJsonString())];
        }

        return found;
    }

    private static async Task<DbConnection> OpenAsync(CrmDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        return db.Database.GetDbConnection();
    }
}
