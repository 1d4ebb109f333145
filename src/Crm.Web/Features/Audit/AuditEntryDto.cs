using System.Text.Json.Nodes;

namespace Crm.Web.Features.Audit;

/// <summary>
/// One audit entry as the API returns it. changes: {"field": {"old", "new"}} in API form (an update's changed
/// fields, a create's initial values, a named action's details); snapshot: a deleted record's last values.
/// </summary>
public sealed record AuditEntryDto(
    long Id,
    DateTimeOffset At,
    long? ActorId,
    string? ActorName,
    string Action,
    string EntityType,
    long? EntityId,
    long? CustomerId,
    string? CustomerName,
    JsonObject? Changes,
    JsonObject? Snapshot,
    string? Ip);
