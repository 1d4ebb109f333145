using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Tags;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>Admins take a tag off every customer; a name no customer carries is a 404.</summary>
public sealed class DeleteTagEverywhere(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<AffectedDto> HandleAsync(Actor actor, string? tagName, CancellationToken ct)
    {
        if (!Permissions.MayManageTagCatalogue(actor))
        {
            throw new ForbiddenException(Messages.Forbidden);
        }

        var errors = new ValidationErrors();
        var name = TagRules.Name(tagName, "tag_name", errors);
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.RecordStatementAsync(
            AuditActions.Delete,
            AuditEntityTypes.CustomerTag,
            "SELECT id AS entity_id, customer_id, @audit_changes AS changes FROM customer_tags WHERE tag_name = @name",
            new JsonObject { ["tag_name"] = AuditWriter.Change(name, null) },
            ct,
            ("@name", name));
        var removed = await db.CustomerTags.Where(t => t.TagName == name).ExecuteDeleteAsync(ct);
        if (removed == 0)
        {
            throw new NotFoundException(Messages.TagNotFound);
        }

        await transaction.CommitAsync(ct);
        return new AffectedDto(removed);
    }
}
