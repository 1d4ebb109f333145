using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

/// <summary>
/// An admin approves or rejects a pending request, with an optional comment. Approving moves the customer only if it
/// still exists, still belongs to the owner the request was made against, and the receiver is still active; otherwise
/// it is a 409 and nothing changes (the request stays pending for the admin to reject).
/// </summary>
public sealed class DecideTransfer(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public Task<TransferRequestDto> ApproveAsync(Actor actor, long id, string? comment, CancellationToken ct) =>
        DecideAsync(actor, id, comment, TransferStatus.Approved, ct);

    public Task<TransferRequestDto> RejectAsync(Actor actor, long id, string? comment, CancellationToken ct) =>
        DecideAsync(actor, id, comment, TransferStatus.Rejected, ct);

    private async Task<TransferRequestDto> DecideAsync(Actor actor, long id, string? comment, TransferStatus decision, CancellationToken ct)
    {
        if (!Permissions.MayDecideTransfer(actor))
        {
            throw new ForbiddenException(Messages.Forbidden);
        }

        var errors = new ValidationErrors();
        var note = TransferRules.Comment(comment, errors);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Claiming the request first locks its row (PostgreSQL), so two admins deciding at once take turns.
        var claimed = await db.TransferRequests
            .Where(t => t.Id == id && t.Status == TransferStatus.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(t => t.Status, decision)
                      .SetProperty(t => t.DecidedById, (long?)actor.UserId)
                      .SetProperty(t => t.DecidedAt, (DateTime?)now)
                      .SetProperty(t => t.Comment, note),
                ct);
        var request = await db.TransferRequests.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new { t.CustomerId, t.FromUserId, t.ToUserId })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.TransferNotFound);
        if (claimed == 0)
        {
            throw new ConflictException(Messages.TransferNotPending);
        }

        if (decision == TransferStatus.Approved)
        {
            await MoveAsync(db, request.CustomerId, request.FromUserId, request.ToUserId, now, ct);
        }

        if (request.CustomerId is { } customerId)
        {
            var action = decision == TransferStatus.Approved ? AuditActions.TransferApproved : AuditActions.TransferRejected;
            await TransferAudit.RecordAsync(db, action, customerId, request.FromUserId, request.ToUserId, ct, id, comment: note);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return await TransferRequests.ReadDtoAsync(db, id, time, ct);
    }

    private static async Task MoveAsync(CrmDbContext db, long? customerId, long fromUserId, long toUserId, DateTime nowUtc, CancellationToken ct)
    {
        if (customerId is not { } cid)
        {
            throw new ConflictException(Messages.TransferCustomerGone);
        }

        if (!await TransferRequests.LockActiveUserAsync(db, toUserId, ct))
        {
            throw new ConflictException(Messages.TransferTargetInvalid);
        }

        // One conditional statement: it moves the customer only from the owner the request was made against, so a
        // reassignment or a direct change that committed first makes this one a 409 instead of undoing it.
        var moved = await db.Customers
            .Where(c => c.Id == cid && c.SalesOwnerId == fromUserId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.SalesOwnerId, toUserId)
                      .SetProperty(c => c.Version, c => c.Version + 1)
                      .SetProperty(c => c.UpdatedAt, nowUtc),
                ct);
        if (moved == 0)
        {
            throw new ConflictException(await db.Customers.AnyAsync(c => c.Id == cid, ct) ? Messages.TransferCustomerMoved : Messages.TransferCustomerGone);
        }
    }
}
