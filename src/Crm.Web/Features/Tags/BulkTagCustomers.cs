using System.Globalization;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>Many customers, many tag names: the body of POST and DELETE /customers/tags/bulk.</summary>
public sealed record BulkTagInput(IReadOnlyList<long>? CustomerIds, IReadOnlyList<string>? TagNames);

/// <summary>
/// Applies or removes tag names on many customers at once. All or nothing: when any customer is missing or
/// outside the caller's scope the request is a 404 and changes nothing (decision 0011).
/// </summary>
public sealed class BulkTagCustomers(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxCustomers = 1000;

    public Task<AffectedDto> AddAsync(Actor actor, BulkTagInput input, CancellationToken ct) =>
        DbRetry.WhenRaceLostAsync(
            async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
                var (ids, names) = await CheckAsync(db, actor, input, ct);
                try
                {
                    var created = await TagAssignments.AddMissingAsync(db, ids, names, clock.GetUtcNow().UtcDateTime, ct);
                    return new AffectedDto(created.Count);
                }
                catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
                {
                    throw new NotFoundException(Messages.CustomerNotFound);
                }
            },
            TagAssignments.IsRace);

    public async Task<AffectedDto> RemoveAsync(Actor actor, BulkTagInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var (ids, names) = await CheckAsync(db, actor, input, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var doomed = db.CustomerTags.Where(t => ids.Contains(t.CustomerId) && names.Contains(t.TagName));
        var removed = await doomed.Select(t => new { t.Id, t.CustomerId, t.TagName }).ToListAsync(ct);
        foreach (var tag in removed)
        {
            db.RecordAction(AuditActions.Delete, AuditEntityTypes.CustomerTag, tag.Id, tag.CustomerId,
                new JsonObject { ["tag_name"] = AuditWriter.Change(tag.TagName, null) });
        }

        await db.SaveChangesAsync(ct);
        var count = await db.CustomerTags.Where(t => removed.Select(r => r.Id).Contains(t.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return new AffectedDto(count);
    }

    private static async Task<(List<long> Ids, List<string> Names)> CheckAsync(CrmDbContext db, Actor actor, BulkTagInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var ids = input.CustomerIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0)
        {
            errors.Add("customer_ids", Messages.Format("FieldRequired", Messages.Get("Label_CustomerIds")));
        }
        else if (ids.Count > MaxCustomers)
        {
            errors.Add("customer_ids", Messages.Format("TooManyItems", Messages.Get("Label_CustomerIds"), MaxCustomers.ToString(CultureInfo.InvariantCulture)));
        }

        var names = TagNames.Many(input.TagNames, "tag_names", errors).ToList();
        errors.ThrowIfAny();

        var visible = await db.Customers.VisibleTo(actor).CountAsync(c => ids.Contains(c.Id), ct);
        if (visible != ids.Count)
        {
            throw new NotFoundException(Messages.CustomerNotFound);
        }

        return (ids, names);
    }
}
