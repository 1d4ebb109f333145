using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Audit;

/// <summary>
/// A customer's 变更记录: its own entries and those of its contacts, tags and follow-ups (all carry its id), newest
/// first, for anyone who may see the customer; a customer outside the caller's scope is a 404 (SPEC §3.6).
/// </summary>
public sealed class CustomerHistory(IDbContextFactory<CrmDbContext> dbFactory, CountCap countCap, BusinessTime time)
{
    public async Task<Paged<AuditEntryDto>> HandleAsync(Actor actor, long customerId, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var filtered = db.AuditEntries.AsNoTracking().Where(a => a.CustomerId == customerId);
        var rows = await filtered.AsRows(db).Page(page.Page, page.PageSize).ToListAsync(ct);
        return await countCap.PageAsync(filtered, page.Page, page.PageSize, rows.Select(r => r.ToDto(time)).ToList(), ct);
    }
}
