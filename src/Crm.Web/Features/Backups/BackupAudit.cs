using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Backups;

/// <summary>
/// Backups in the audit trail (decision 0019): who took, downloaded or deleted a copy of every customer, and which
/// backups failed. A scheduled or command-line backup is the system's.
/// </summary>
internal static class BackupAudit
{
    public static JsonObject Details(string? fileName, string kind, long? sizeBytes = null, string? error = null)
    {
        var details = new JsonObject { ["kind"] = kind };
        if (fileName is not null)
        {
            details["file_name"] = fileName;
        }

        if (sizeBytes is { } size)
        {
            details["size_bytes"] = size;
        }

        if (error is not null)
        {
            details["error"] = error;
        }

        return details;
    }

    /// <summary>One entry on its own (the file operation it records is not a database change).</summary>
    public static async Task RecordAsync(IDbContextFactory<CrmDbContext> dbFactory, AuditActor actor, string action, JsonObject details, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditAs(actor);
        db.RecordAction(action, AuditEntityTypes.Backup, entityId: null, details: details);
        await db.SaveChangesAsync(ct);
    }
}
