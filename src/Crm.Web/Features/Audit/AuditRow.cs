using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Web.Data;

namespace Crm.Web.Features.Audit;

/// <summary>The columns one audit entry shows, with the actor's and the customer's current names, in one query.</summary>
public sealed class AuditRow
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public long? ActorId { get; init; }
    public string? ActorName { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public long? EntityId { get; init; }
    public long? CustomerId { get; init; }
    public string? CustomerName { get; init; }
    public string? Changes { get; init; }
    public string? Snapshot { get; init; }
    public string? Ip { get; init; }

    public AuditEntryDto ToDto(BusinessTime time) => new(
        Id,
        time.ToBusiness(At),
        ActorId,
        ActorName,
        Action,
        EntityType,
        EntityId,
        CustomerId,
        CustomerName,
        Changes is null ? null : JsonNode.Parse(Changes)?.AsObject(),
        Snapshot is null ? null : JsonNode.Parse(Snapshot)?.AsObject(),
        Ip);
}

internal static class AuditRows
{
    /// <summary>Newest first, with names joined in; the caller pages.</summary>
    public static IQueryable<AuditRow> AsRows(this IQueryable<AuditEntry> entries, CrmDbContext db) =>
        from a in entries
        join u in db.Users on a.ActorId equals u.Id into actors
        from u in actors.DefaultIfEmpty()
        join c in db.Customers on a.CustomerId equals c.Id into customers
        from c in customers.DefaultIfEmpty()
        orderby a.At descending, a.Id descending
        select new AuditRow
        {
            Id = a.Id,
            At = a.At,
            ActorId = a.ActorId,
            ActorName = u != null ? u.DisplayName : a.ActorName,
            Action = a.Action,
            EntityType = a.EntityType,
            EntityId = a.EntityId,
            CustomerId = a.CustomerId,
            CustomerName = c != null ? c.Name : null,
            Changes = a.Changes,
            Snapshot = a.Snapshot,
            Ip = a.Ip,
        };
}
