using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Tags;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

public sealed record RenameTagInput(string? From, string? To);

/// <summary>
/// Admins rename a tag on every customer. Where a customer already carries the new name the two merge
/// (the old row goes), so the unique (customer_id, tag_name) index holds. Affected = customers that carried
/// the old name. A name no customer carries is a 404.
/// </summary>
public sealed class RenameTag(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<AffectedDto> HandleAsync(Actor actor, RenameTagInput input, CancellationToken ct)
    {
        if (!Permissions.MayManageTagCatalogue(actor))
        {
            throw new ForbiddenException(Messages.Forbidden);
        }

        var errors = new ValidationErrors();
        var from = TagRules.Name(input.From, "from", errors);
        var to = TagRules.Name(input.To, "to", errors);
        errors.ThrowIfAny();

        return await DbRetry.WhenRaceLostAsync(() => TryOnceAsync(actor, from, to, ct), TagAssignments.IsRace);
    }

    private async Task<AffectedDto> TryOnceAsync(Actor actor, string from, string to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var carriers = await db.CustomerTags.CountAsync(t => t.TagName == from, ct);
        if (carriers == 0)
        {
            throw new NotFoundException(Messages.TagNotFound);
        }

        if (from == to)
        {
            return new AffectedDto(0);
        }

        // One entry per customer that carries the old name, whether its row is renamed or merged into the new name.
        await db.RecordStatementAsync(
            AuditActions.TagRenamed,
            AuditEntityTypes.CustomerTag,
            "SELECT id AS entity_id, customer_id, @audit_changes AS changes FROM customer_tags WHERE tag_name = @from",
            new JsonObject { ["tag_name"] = AuditWriter.Change(from, to) },
            ct,
            ("@from", from));
        await db.CustomerTags
            .Where(t => t.TagName == from && db.CustomerTags.Any(other => other.CustomerId == t.CustomerId && other.TagName == to))
            .ExecuteDeleteAsync(ct);
        await db.CustomerTags.Where(t => t.TagName == from).ExecuteUpdateAsync(s => s.SetProperty(t => t.TagName, to), ct);
        await transaction.CommitAsync(ct);
        return new AffectedDto(carriers);
    }
}
