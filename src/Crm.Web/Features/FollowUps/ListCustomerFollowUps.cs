using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>A customer's follow-up records, the latest first (ties by id, newest first).</summary>
public sealed class ListCustomerFollowUps(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<IReadOnlyList<FollowUpDto>> HandleAsync(Actor actor, long customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var rows = await db.FollowUps.AsNoTracking()
            .Where(f => f.CustomerId == customerId)
            .OrderByDescending(f => f.FollowUpAt)
            .ThenByDescending(f => f.Id)
            .AsRows(db)
            .ToListAsync(ct);
        return rows.Select(r => r.ToDto(time)).ToList();
    }
}
