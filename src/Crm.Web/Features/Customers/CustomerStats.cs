using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

public sealed record CustomerStatsDto(
    long TotalCustomers,
    long PotentialCount,
    long ProspectCount,
    long CustomerCount,
    long LostCount,
    long LevelACount,
    long LevelBCount,
    long LevelCCount,
    long LevelDCount,
    decimal TotalAnnualRevenue,
    decimal AvgCooperationYears);

/// <summary>
/// Figures of the caller's book of business (SPEC §4), summed from the trigger-kept counters (decision 0016): a few
/// rows per owner, however many customers there are.
/// </summary>
public sealed class CustomerStats(IDbContextFactory<CrmDbContext> dbFactory)
{
    private static readonly string PotentialKey = EnumText<CustomerStatus>.Name(CustomerStatus.Potential);
    private static readonly string ProspectKey = EnumText<CustomerStatus>.Name(CustomerStatus.Prospect);
    private static readonly string CustomerKey = EnumText<CustomerStatus>.Name(CustomerStatus.Customer);
    private static readonly string LostKey = EnumText<CustomerStatus>.Name(CustomerStatus.Lost);

    public async Task<CustomerStatsDto> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counters = db.CustomerCounters.AsNoTracking().VisibleTo(actor);
        if (salesOwnerId is { } ownerId)
        {
            counters = counters.Where(c => c.SalesOwnerId == ownerId);
        }

        var figures = await counters
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Total = g.Sum(c => c.Customers),
                Potential = g.Sum(c => c.StatusKey == PotentialKey ? c.Customers : 0),
                Prospect = g.Sum(c => c.StatusKey == ProspectKey ? c.Customers : 0),
                Customer = g.Sum(c => c.StatusKey == CustomerKey ? c.Customers : 0),
                Lost = g.Sum(c => c.StatusKey == LostKey ? c.Customers : 0),
                A = g.Sum(c => c.CustomerLevel == CustomerLevel.A ? c.Customers : 0),
                B = g.Sum(c => c.CustomerLevel == CustomerLevel.B ? c.Customers : 0),
                C = g.Sum(c => c.CustomerLevel == CustomerLevel.C ? c.Customers : 0),
                D = g.Sum(c => c.CustomerLevel == CustomerLevel.D ? c.Customers : 0),
                RevenueFen = g.Sum(c => c.AnnualRevenueFen),
                YearsSum = g.Sum(c => c.CooperationYearsSum),
                YearsCount = g.Sum(c => c.CooperationYearsCount),
            })
            .FirstOrDefaultAsync(ct);

        if (figures is null)
        {
            return new CustomerStatsDto(0, 0, 0, 0, 0, 0, 0, 0, 0, 0m, 0m);
        }

        var average = figures.YearsCount == 0
            ? 0m
            : decimal.Round((decimal)figures.YearsSum / figures.YearsCount, 2, MidpointRounding.AwayFromZero);

        return new CustomerStatsDto(
            figures.Total,
            figures.Potential,
            figures.Prospect,
            figures.Customer,
            figures.Lost,
            figures.A,
            figures.B,
            figures.C,
            figures.D,
            Money.FromFen(figures.RevenueFen),
            average);
    }
}
