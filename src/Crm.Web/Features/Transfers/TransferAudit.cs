using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

/// <summary>
/// The audit entries of transfers (decision 0019), filed under the customer so they show in its 变更记录: who asked,
/// decided or moved, and the owners by name (负责销售: 张三 → 李四). Recorded in the caller's transaction and saved
/// by its next SaveChanges, so a transfer that rolls back leaves no entry.
/// </summary>
internal static class TransferAudit
{
    public static async Task RecordAsync(
        CrmDbContext db, string action, long customerId, long fromUserId, long toUserId, CancellationToken ct,
        long? requestId = null, string? reason = null, string? comment = null)
    {
        var names = await db.Users.AsNoTracking()
            .Where(u => u.Id == fromUserId || u.Id == toUserId)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var details = new JsonObject
        {
            ["sales_owner"] = AuditWriter.Change(names.GetValueOrDefault(fromUserId), names.GetValueOrDefault(toUserId)),
        };
        if (requestId is { } id)
        {
            details["transfer_request_id"] = id;
        }

        if (reason is not null)
        {
            details["reason"] = reason;
        }

        if (comment is not null)
        {
            details["comment"] = comment;
        }

        db.RecordAction(action, AuditEntityTypes.Customer, customerId, customerId, details);
    }

    /// <summary>
    /// One <c>reassigned</c> entry per customer an admin moves in bulk, written by one INSERT … SELECT before the move
    /// (while the rows still name their old owner). <paramref name="where"/> selects the moving rows of <c>customers c</c>.
    /// </summary>
    public static async Task<int> RecordReassignAsync(
        CrmDbContext db, string where, long toUserId, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var toName = await db.Users.Where(u => u.Id == toUserId).Select(u => u.DisplayName).FirstAsync(ct);
        var changes = db.IsPostgres
            ? "json_build_object('sales_owner', json_build_object('old', u.display_name, 'new', @to_name::text))::text"
            : "json_object('sales_owner', json_object('old', u.display_name, 'new', @to_name))";
        return await db.RecordStatementAsync(
            AuditActions.Reassigned,
            AuditEntityTypes.Customer,
            $"SELECT c.id AS entity_id, c.id AS customer_id, {changes} AS changes FROM customers c JOIN users u ON u.id = c.sales_owner_id WHERE {where}",
            new JsonObject(),
            ct,
            [("@to_name", toName), .. parameters]);
    }
}
