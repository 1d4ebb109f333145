using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>Deletes a follow-up; the customer's 最后跟进时间 falls back to the latest remaining record, or null.</summary>
public sealed class DeleteFollowUp(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var record = await FollowUpAccess.ForChangeAsync(db, actor, id, ct);

        db.FollowUps.Remove(record);
        await db.SaveChangesAsync(ct);
        if (record.CustomerId is { } customerId)
        {
            await db.RecomputeLastFollowUpAsync(customerId, ct);
        }

        await transaction.CommitAsync(ct);
    }
}
