using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>The customer counters (decision 0016) and tag counters (0083) next to a recount of the rows themselves.</summary>
public static class CounterRecount
{
    public sealed record Group(long Owner, string Status, CustomerLevel Level, long Customers, long RevenueFen, long YearsSum, long YearsCount)
    {
        public string Key => $"{Owner}/{Status}/{Level}";
    }

    /// <summary>The figures per owner, status and grade, counted from the customers themselves.</summary>
    public static async Task<List<Group>> RecountAsync(CrmAppFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var groups = await db.Customers.AsNoTracking()
            .GroupBy(c => new { c.SalesOwnerId, c.Status, c.CustomerLevel })
            .Select(g => new
            {
                g.Key,
                Customers = g.LongCount(),
                RevenueFen = g.Sum(c => c.AnnualRevenueFen ?? 0),
                YearsSum = g.Sum(c => (long)(c.CooperationYears ?? 0)),
                YearsCount = g.LongCount(c => c.CooperationYears != null),
            })
            .ToListAsync();
        return groups
            .Select(g => new Group(
                g.Key.SalesOwnerId,
                g.Key.Status is { } status ? EnumText<CustomerStatus>.Name(status) : "",
                g.Key.CustomerLevel,
                g.Customers,
                g.RevenueFen,
                g.YearsSum,
                g.YearsCount))
            .ToList();
    }

    /// <summary>Every tag some customer carries, with their number, counted from the tag rows themselves.</summary>
    public static async Task<Dictionary<string, long>> RecountTagsAsync(CrmAppFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return await db.CustomerTags.AsNoTracking().GroupBy(t => t.TagName).ToDictionaryAsync(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
    }

    /// <summary>Every non-zero tag counter (the sum of its shards' rows) is a tag of the recount and vice versa.</summary>
    public static async Task AssertTagCountersMatchAsync(CrmAppFactory factory)
    {
        var recount = await RecountTagsAsync(factory);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var counters = (await db.TagCounters.AsNoTracking().ToListAsync())
            .GroupBy(c => c.TagName)
            .Select(g => (Tag: g.Key, Customers: g.Sum(c => c.Customers)))
            .Where(g => g.Customers != 0);
        Assert.Equal(recount.Select(g => (Tag: g.Key, Customers: g.Value)).OrderBy(g => g.Tag, StringComparer.Ordinal), counters.OrderBy(g => g.Tag, StringComparer.Ordinal));
    }

    /// <summary>
    /// Every non-empty counter (the sum of its shards' rows) is a group of the recount and vice versa; the same for
    /// the tag counters.
    /// </summary>
    public static async Task AssertCountersMatchAsync(CrmAppFactory factory)
    {
        await AssertTagCountersMatchAsync(factory);
        var recount = await RecountAsync(factory);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var counters = (await db.CustomerCounters.AsNoTracking().ToListAsync())
            .GroupBy(c => (c.SalesOwnerId, c.StatusKey, c.CustomerLevel))
            .Select(g => new Group(g.Key.SalesOwnerId, g.Key.StatusKey, g.Key.CustomerLevel, g.Sum(c => c.Customers), g.Sum(c => c.AnnualRevenueFen),
                g.Sum(c => c.CooperationYearsSum), g.Sum(c => c.CooperationYearsCount)))
            .Where(g => g.Customers != 0 || g.RevenueFen != 0 || g.YearsSum != 0 || g.YearsCount != 0)
            .OrderBy(g => g.Key);
        Assert.Equal(recount.OrderBy(g => g.Key), counters);
    }
}
