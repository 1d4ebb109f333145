using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Stats;

public sealed record LevelRevenueDto(string CustomerLevel, long CustomerCount, decimal TotalAnnualRevenue);

/// <summary>
/// Annual revenue per grade (A→D, every grade present, zero when empty) of the caller's book of business,
/// scoped like the other figures (SPEC §3.6); admins may narrow it to one salesperson. Read from the customer
/// counters (decision 0016), so it costs the same at a million customers as at ten.
/// </summary>
public sealed class RevenueByLevel(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IReadOnlyList<LevelRevenueDto>> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counters = db.CustomerCounters.AsNoTracking().VisibleTo(actor);
        if (salesOwnerId is { } ownerId)
        {
            counters = counters.Where(c => c.SalesOwnerId == ownerId);
        }

        var groups = await counters
            .GroupBy(c => c.CustomerLevel)
            .Select(g => new { Level = g.Key, Count = g.Sum(c => c.Customers), RevenueFen = g.Sum(c => c.AnnualRevenueFen) })
            .ToListAsync(ct);

        return Enum.GetValues<CustomerLevel>()
            .Select(level => groups.FirstOrDefault(g => g.Level == level) is { } g
                ? new LevelRevenueDto(EnumText<CustomerLevel>.Name(level), g.Count, Money.FromFen(g.RevenueFen))
                : new LevelRevenueDto(EnumText<CustomerLevel>.Name(level), 0, 0m))
            .ToList();
    }
}
