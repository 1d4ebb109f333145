using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>The columns one follow-up needs, names of customer, contact and author included, in one query.</summary>
internal sealed class FollowUpRow
{
    public long Id { get; init; }
    public long? CustomerId { get; init; }
    public string CustomerName { get; init; } = "";
    public string CustomerCode { get; init; } = "";
    public long? ContactId { get; init; }
    public string? ContactName { get; init; }
    public DateTime FollowUpAt { get; init; }
    public string Method { get; init; } = "";
    public string Content { get; init; } = "";
    public DateTime? NextFollowUpAt { get; init; }
    public long CreatedBy { get; init; }
    public string? CreatedByName { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public FollowUpDto ToDto(BusinessTime time) => new(
        Id,
        CustomerId,
        CustomerName,
        CustomerCode,
        ContactId,
        ContactName,
        time.ToBusiness(FollowUpAt),
        Method,
        Content,
        NextFollowUpAt is { } next ? time.ToBusiness(next) : null,
        CreatedBy,
        CreatedByName,
        time.ToBusiness(CreatedAt),
        time.ToBusiness(UpdatedAt));
}

internal static class FollowUpReads
{
    public static IQueryable<FollowUpRow> AsRows(this IQueryable<FollowUp> followUps, CrmDbContext db) =>
        followUps.Select(f => new FollowUpRow
        {
            Id = f.Id,
            CustomerId = f.CustomerId,
            CustomerName = f.Customer != null ? f.Customer.Name : f.CustomerNameSnapshot,
            CustomerCode = f.Customer != null ? f.Customer.CustomerCode : f.CustomerCodeSnapshot,
            ContactId = f.ContactId,
            ContactName = f.Contact != null ? f.Contact.Name : null,
            FollowUpAt = f.FollowUpAt,
            Method = f.Method,
            Content = f.Content,
            NextFollowUpAt = f.NextFollowUpAt,
            CreatedBy = f.CreatedById,
            CreatedByName = db.Users.Where(u => u.Id == f.CreatedById).Select(u => u.DisplayName).FirstOrDefault(),
            CreatedAt = f.CreatedAt,
            UpdatedAt = f.UpdatedAt,
        });

    /// <summary>One record in the caller's scope; 404 when missing or not visible.</summary>
    public static async Task<FollowUpDto> ReadDtoAsync(this CrmDbContext db, Actor actor, long id, BusinessTime time, CancellationToken ct)
    {
        var row = await db.FollowUps.AsNoTracking()
            .VisibleTo(actor)
            .Where(f => f.Id == id)
            .AsRows(db)
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.FollowUpNotFound);
        return row.ToDto(time);
    }

    /// <summary>
    /// customers.last_follow_up_at is always the latest follow_up_at of the customer's records, and
    /// customers.next_follow_up_at the next_follow_up_at that latest record plans (decision 0052). Recomputed
    /// in SQL inside the caller's transaction, after <see cref="CustomerRowLock.LockCustomerAsync"/>, so two
    /// concurrent changes cannot leave a stale value. The customer's version and updated_at stay as they are.
    /// </summary>
    public static Task RecomputeLastFollowUpAsync(this CrmDbContext db, long customerId, CancellationToken ct) =>
        db.Customers.Where(c => c.Id == customerId).ExecuteUpdateAsync(
            s => s.SetProperty(
                c => c.LastFollowUpAt,
                c => db.FollowUps.Where(f => f.CustomerId == c.Id).Max(f => (DateTime?)f.FollowUpAt))
            .SetProperty(
                c => c.NextFollowUpAt,
                c => db.FollowUps.Where(f => f.CustomerId == c.Id)
                    .OrderByDescending(f => f.FollowUpAt).ThenByDescending(f => f.Id)
                    .Select(f => f.NextFollowUpAt).FirstOrDefault()),
            ct);
}
