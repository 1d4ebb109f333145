using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>Partial update of a follow-up; the customer's 最后跟进时间 follows in the same transaction.</summary>
public sealed class UpdateFollowUp(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<FollowUpDto> HandleAsync(Actor actor, long id, FollowUpInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var record = await FollowUpAccess.ForChangeAsync(db, actor, id, ct);

        var errors = new ValidationErrors();
        await FollowUpFields.ApplyAsync(db, record, input, creating: false, now, errors, ct);
        errors.ThrowIfAny();

        record.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        if (record.CustomerId is { } customerId)
        {
            await db.RecomputeLastFollowUpAsync(customerId, ct);
        }

        // Read inside the transaction: the answer shows the record as this request left it, even if a
        // colleague changes it the moment the lock is released.
        var saved = await db.ReadDtoAsync(actor, id, time, ct);
        await transaction.CommitAsync(ct);
        return saved;
    }
}
