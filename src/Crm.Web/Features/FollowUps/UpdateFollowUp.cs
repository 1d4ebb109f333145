using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>Shared by edit and delete: who may change a record (SPEC §4.1).</summary>
internal static class FollowUpAccess
{
    /// <summary>
    /// The record, tracked, inside the caller's transaction, with its customer row locked. Out of scope is
    /// 404; a salesperson who is not the author gets 403; admins may change any record.
    /// </summary>
    public static async Task<FollowUp> ForChangeAsync(CrmDbContext db, Actor actor, long id, CancellationToken ct)
    {
        var target = await db.FollowUps.VisibleTo(actor)
            .Where(f => f.Id == id)
            .Select(f => new { f.CustomerId, f.CreatedById })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.FollowUpNotFound);
        if (!actor.IsAdmin && target.CreatedById != actor.UserId)
        {
            throw new ForbiddenException(Messages.NotFollowUpAuthor);
        }

        if (target.CustomerId is { } customerId)
        {
            await db.LockCustomerAsync(customerId, ct);
        }

        // Loaded after the lock, so a change committed while we waited is not overwritten with stale values.
        return await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct)
            ?? throw new NotFoundException(Messages.FollowUpNotFound);
    }
}

/// <summary>Partial update of a follow-up; the customer's 最后跟进时间 follows in the same transaction.</summary>
public sealed class UpdateFollowUp(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<FollowUpDto> HandleAsync(Actor actor, long id, FollowUpInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
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
