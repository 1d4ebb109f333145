using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

/// <summary>What every transfer use case shares: who sees a request, the receiver check, and opening and closing requests.</summary>
internal static class TransferRequests
{
    /// <summary>Admins see every request; a salesperson the ones they made and the ones about customers they own.</summary>
    public static IQueryable<TransferRequest> VisibleTo(this IQueryable<TransferRequest> requests, Actor actor) =>
        Permissions.SeesEverything(actor)
            ? requests
            : requests.Where(t => t.RequestedById == actor.UserId || t.Customer!.SalesOwnerId == actor.UserId);

    public static async Task<TransferRequestDto> ReadDtoAsync(CrmDbContext db, long id, BusinessTime time, CancellationToken ct)
    {
        var row = await db.TransferRequests.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(TransferRequestRow.Projection(db.Users))
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.TransferNotFound);
        return row.ToDto(time);
    }

    /// <summary>The receiver, which must be given and pass <see cref="CheckTargetAsync"/>; problems go to <paramref name="errors"/>.</summary>
    public static async Task<long> RequiredTargetAsync(CrmDbContext db, long? targetId, long currentOwnerId, string field, ValidationErrors errors, CancellationToken ct)
    {
        if (targetId is not { } id)
        {
            errors.Add(field, Messages.Format("FieldRequired", Messages.Get("Label_TransferTarget")));
            return 0;
        }

        await CheckTargetAsync(db, id, currentOwnerId, field, errors, ct);
        return id;
    }

    /// <summary>Adds the receiver's problem to <paramref name="errors"/> (field <paramref name="field"/>) when it is not an active user other than the owner.</summary>
    public static async Task CheckTargetAsync(CrmDbContext db, long targetId, long currentOwnerId, string field, ValidationErrors errors, CancellationToken ct)
    {
        var active = await db.Users.Where(u => u.Id == targetId).Select(u => (bool?)u.IsActive).FirstOrDefaultAsync(ct);
        if (TransferRules.TargetProblem(targetId, currentOwnerId, active) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    /// <summary>
    /// True when the user exists and is active; on PostgreSQL the row stays share-locked until the transaction ends, so
    /// a deactivation waits for a transfer to this user to commit (and a transfer waits for a deactivation).
    /// </summary>
    public static async Task<bool> LockActiveUserAsync(CrmDbContext db, long userId, CancellationToken ct)
    {
        var sql = db.IsPostgres
            ? "SELECT count(*) FROM (SELECT id FROM users WHERE id = @id AND is_active FOR SHARE) AS locked"
            : "SELECT count(*) FROM users WHERE id = @id AND is_active";
        return Convert.ToInt64(await RawSql.ScalarAsync(db, sql, ct, ("@id", userId)), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>409 naming the request that already waits for this customer (at most one per customer).</summary>
    public static async Task EnsureNonePendingAsync(CrmDbContext db, long customerId, CancellationToken ct)
    {
        var pending = await db.TransferRequests
            .Where(t => t.CustomerId == customerId && t.Status == TransferStatus.Pending)
            .Select(t => (long?)t.Id)
            .FirstOrDefaultAsync(ct);
        if (pending is { } id)
        {
            throw new ConflictException(Messages.Format("TransferAlreadyPending", id));
        }
    }

    /// <summary>
    /// Adds a pending request to the context (saved by the caller's SaveChanges, in the caller's transaction). The
    /// unique index still refuses a second pending request that a concurrent caller slipped in: see <see cref="IsSecondPending"/>.
    /// </summary>
    public static async Task<TransferRequest> AddPendingAsync(
        CrmDbContext db, Actor actor, Customer customer, long toUserId, string? reason, DateTime nowUtc, CancellationToken ct)
    {
        await EnsureNonePendingAsync(db, customer.Id, ct);
        var request = new TransferRequest
        {
            CustomerId = customer.Id,
            CustomerNameSnapshot = customer.Name,
            CustomerCodeSnapshot = customer.CustomerCode,
            FromUserId = customer.SalesOwnerId,
            ToUserId = toUserId,
            Reason = reason,
            Status = TransferStatus.Pending,
            RequestedById = actor.UserId,
            RequestedAt = nowUtc,
        };
        db.TransferRequests.Add(request);
        return request;
    }

    /// <summary>The <c>transfer_requested</c> entry of a request just saved (it has its id), saved in the caller's transaction.</summary>
    public static async Task RecordRequestedAsync(CrmDbContext db, TransferRequest request, CancellationToken ct)
    {
        await TransferAudit.RecordAsync(db, AuditActions.TransferRequested, request.CustomerId!.Value, request.FromUserId, request.ToUserId, ct,
            request.Id, reason: request.Reason);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>True when a save failed because another pending request for the customer committed first.</summary>
    public static bool IsSecondPending(Exception exception) => DbErrors.IsUniqueViolation(exception, "transfer_requests");

    /// <summary>
    /// Closes the pending requests of customers that an admin moved (directly or in bulk), with a note saying why, and
    /// records each closing for the audit trail (saved by the caller's next SaveChanges). Runs in the caller's
    /// transaction, before the move, so that the set of customers is still the old owner's.
    /// </summary>
    public static async Task<int> CancelPendingAsync(CrmDbContext db, IQueryable<Customer> moving, long actorId, DateTime nowUtc, CancellationToken ct)
    {
        var note = Messages.TransferCancelledByReassign;
        var pending = db.TransferRequests.Where(t => t.Status == TransferStatus.Pending && moving.Any(c => c.Id == t.CustomerId));
        var closing = await pending.Select(t => new { t.Id, t.CustomerId, t.FromUserId, t.ToUserId }).ToListAsync(ct);
        foreach (var request in closing)
        {
            await TransferAudit.RecordAsync(db, AuditActions.TransferCancelled, request.CustomerId!.Value, request.FromUserId, request.ToUserId, ct,
                request.Id, comment: note);
        }

        return await pending.ExecuteUpdateAsync(
            s => s.SetProperty(t => t.Status, TransferStatus.Cancelled)
                  .SetProperty(t => t.DecidedById, (long?)actorId)
                  .SetProperty(t => t.DecidedAt, (DateTime?)nowUtc)
                  .SetProperty(t => t.Comment, note),
            ct);
    }
}
