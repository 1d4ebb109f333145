using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

public sealed record TransferTarget(long Id, string DisplayName, bool IsActive, long Customers);

/// <summary>
/// Who a customer can be handed to: the active users (for a salesperson's request too, who may not list users), each
/// with how many customers they own, for the 批量转移 page's "how many" step.
/// </summary>
public sealed class TransferTargets(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IReadOnlyList<TransferTarget>> HandleAsync(Actor actor, bool includeInactive, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var withCounts = Permissions.MayReassign(actor);
        var users = db.Users.AsNoTracking();
        if (!includeInactive || !withCounts)
        {
            users = users.Where(u => u.IsActive);
        }

        // The counters hold every owner's customers in a few rows (decision 0016): no scan of customers.
        return await users
            .OrderBy(u => u.Id)
            .Select(u => new TransferTarget(
                u.Id,
                u.DisplayName,
                u.IsActive,
                withCounts ? db.CustomerCounters.Where(c => c.SalesOwnerId == u.Id).Sum(c => c.Customers) : 0))
            .ToListAsync(ct);
    }
}
