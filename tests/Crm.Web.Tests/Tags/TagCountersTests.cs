using System.Net;
using System.Net.Http.Json;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Web.Tests.Infrastructure.CounterRecount;

namespace Crm.Web.Tests.Tags;

/// <summary>
/// An admin's tag catalogue and tag-list totals come from trigger-kept tag counters (decision 0083): after any mix of
/// tagging, untagging, bulk tagging, renames, deletes everywhere and customer deletes they say what a recount of the
/// tag rows says, and the list's total is exact, never capped.
/// </summary>
public sealed class TagCountersTests : OwnAppTests
{
    private static readonly string[] Names = ["重点客户", "战略客户", "长期合作", "华东区", "展会线索", "待回访"];

    // A cap of 3: every total below is beyond it, so a capped count could not pass for an exact one.
    private protected override CrmAppFactory CreateFactory() => new CappedCountFactory(3);

    [Fact]
    public async Task Tag_totals_and_the_catalogue_match_a_recount_after_random_tagging_renames_and_deletes()
    {
        var random = new Random(20261205);
        var sales = await Api.NewUserAsync();
        var live = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            live.Add((await (i % 2 == 0 ? Api.Admin : sales.Client).CreateCustomerAsync(new { name = $"标签计数{i}" })).Id());
        }

        for (var step = 1; step <= 80; step++)
        {
            var id = live[random.Next(live.Count)];
            var tag = Names[random.Next(Names.Length)];
            var some = live.OrderBy(_ => random.Next()).Take(random.Next(1, 6)).ToArray();
            var response = random.Next(12) switch
            {
                < 4 => await Api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{id}/tags", new { tag_name = tag }),
                4 => await Api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{id}/tags/batch", new { tag_names = Names.OrderBy(_ => random.Next()).Take(3) }),
                5 or 6 => await Api.Admin.DeleteAsync($"/api/v1/sales/customers/{id}/tags?tag_name={Uri.EscapeDataString(tag)}"),
                7 => await Api.Admin.PostAsJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = some, tag_names = new[] { tag } }),
                8 => await Api.Admin.DeleteJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = some, tag_names = new[] { tag } }),
                9 => await Api.Admin.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from = tag, to = Names[random.Next(Names.Length)] }),
                10 => await Api.Admin.DeleteAsync($"/api/v1/sales/customer-tags?tag_name={Uri.EscapeDataString(tag)}"),
                _ => await DeleteAndReplaceAsync(id),
            };

            // Adding a tag the customer has, or removing one it lacks, is refused and changes nothing.
            Assert.True(response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"step {step}: {response.StatusCode}");
            if (step % 20 == 0)
            {
                await AssertTagTotalsAsync();
            }
        }

        async Task<HttpResponseMessage> DeleteAndReplaceAsync(long id)
        {
            live.Remove(id);
            live.Add((await sales.Client.CreateCustomerAsync(new { name = $"标签计数替补{id}" })).Id());
            return await Api.Admin.DeleteAsync($"/api/v1/sales/customers/{id}");
        }
    }

    [Fact]
    public async Task Concurrent_tagging_with_one_tag_is_all_counted_and_folds_into_one_row()
    {
        var customers = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Api.Admin.CreateCustomerAsync(new { name = $"并发标签{i}" })));
        await Task.WhenAll(customers.Select(c => Api.Admin.AddTagAsync(c.Id(), "重点客户")));

        await AssertTagTotalsAsync();
        var slots = await SlotsAsync("重点客户");
        if (Api.Factory.IsPostgres)
        {
            // Each statement adds a row of its own, so these writers did not queue on one.
            Assert.Equal(40, slots.Count);
        }
        else
        {
            Assert.Equal([0], slots);
        }

        await using (var db = await Api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            await CounterShardFold.FoldAsync(db, CancellationToken.None);
        }

        Assert.Equal([0], await SlotsAsync("重点客户"));
        await AssertTagTotalsAsync();
    }

    [Fact]
    public async Task Tag_rows_written_with_raw_sql_are_counted_too()
    {
        var customers = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Api.Admin.CreateCustomerAsync(new { name = $"手工标签{i}" })));
        foreach (var customer in customers)
        {
            await Api.Admin.AddTagAsync(customer.Id(), "展会线索");
        }

        await using var db = await Api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var first = customers[0].Id();
        await db.Database.ExecuteSqlAsync($"UPDATE customer_tags SET tag_name = '华南区' WHERE customer_id <> {first} AND tag_name = '展会线索'");
        await AssertTagTotalsAsync();
        Assert.Equal(new Dictionary<string, long> { ["展会线索"] = 1, ["华南区"] = 5 }, await RecountTagsAsync(Api.Factory));

        await db.Database.ExecuteSqlAsync($"DELETE FROM customer_tags WHERE customer_id = {first}");
        await AssertTagTotalsAsync();
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "TRUNCATE customer_tags" : "DELETE FROM customer_tags");
        await AssertTagTotalsAsync();
        Assert.DoesNotContain(await TagUsageAsync(), t => t.Count > 0);
    }

    /// <summary>
    /// The counters agree with a recount; the admin's catalogue and every tag's list give the recount's figure, exact
    /// though beyond the count cap; tags no customer carries any more are gone from the catalogue (the predefined stay at 0).
    /// </summary>
    private async Task AssertTagTotalsAsync()
    {
        await AssertTagCountersMatchAsync(Api.Factory);
        var recount = await RecountTagsAsync(Api.Factory);
        var usage = await TagUsageAsync();
        Assert.Equal(
            recount.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)),
            usage.Where(t => t.Count > 0).OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, t.Count)));
        Assert.All(usage.Where(t => t.Count == 0), t => Assert.True(t.Predefined, $"{t.Name} is listed with no customer"));
        foreach (var (tag, holders) in recount)
        {
            var page = await Api.Admin.GetJsonAsync("/api/v1/sales/customers?page_size=2&tag=" + Uri.EscapeDataString(tag));
            Assert.Equal(holders, page.Long("total"));
            Assert.False(page["total_capped"]?.GetValue<bool>() ?? false, tag);
        }
    }

    private async Task<List<(string Name, long Count, bool Predefined)>> TagUsageAsync() =>
        (await Api.Admin.GetJsonAsync("/api/v1/sales/customer-tags")).AsArray()
            .Select(t => (t!.Str("tag_name"), t!.Long("customer_count"), t!.Bool("is_predefined")))
            .ToList();

    private async Task<List<long>> SlotsAsync(string tag)
    {
        await using var db = await Api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return await db.TagCounters.AsNoTracking().Where(c => c.TagName == tag).Select(c => c.Slot).OrderBy(s => s).ToListAsync();
    }
}
