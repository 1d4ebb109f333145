using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Data.Search;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>A record an undo left alone because someone changed it after the import.</summary>
public sealed record RevertSkippedDto(long Id, string Name);

public sealed record RevertResultDto(int Deleted, int Restored, IReadOnlyList<RevertSkippedDto> LeftAlone);

/// <summary>
/// Undoes an applied import (issue 10) in one transaction: deletes the records it created and puts back the fields it
/// updated — except records changed since (a customer whose version moved or that got contacts, follow-ups or tags
/// since; a contact saved since), which are listed and left alone. Every delete and restore is audited by the save path,
/// and the undo itself is an <c>import_reverted</c> entry. Admins may undo any import, salespeople their own.
/// </summary>
public sealed class RevertImport(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, ILogger<RevertImport> log)
{
    private const int BatchSize = 1000;

    public async Task<RevertResultDto> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        db.Database.AutoSavepointsEnabled = false;
        await using var cache = await BulkCache.EnlargeAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var import = await ImportHistory.FindAsync(db, actor, id, ct);
        if (import.Status != ImportStatus.Imported)
        {
            throw ValidationErrors.Failure("id", Messages.ImportNotRevertible);
        }

        var deleted = 0;
        var restored = 0;
        var leftAlone = new List<RevertSkippedDto>();
        var records = db.DataImportRecords.AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.Id);
        for (var page = 0; ; page++)
        {
            var batch = await records.Skip(page * BatchSize).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            var ids = batch.Select(r => r.EntityId).ToList();
            if (import.Kind == ImportKinds.Customers)
            {
                var customers = await db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
                var touched = (await db.Contacts.Where(c => ids.Contains(c.CustomerId)).Select(c => c.CustomerId)
                        .Concat(db.FollowUps.Where(f => f.CustomerId != null && ids.Contains(f.CustomerId.Value)).Select(f => f.CustomerId!.Value))
                        .Concat(db.CustomerTags.Where(t => ids.Contains(t.CustomerId) && t.CreatedAt > import.CreatedAt).Select(t => t.CustomerId))
                        .ToListAsync(ct)).ToHashSet();
                foreach (var record in batch)
                {
                    if (!customers.TryGetValue(record.EntityId, out var customer))
                    {
                        continue;
                    }

                    if (customer.Version != record.VersionAfter || (record.Created && touched.Contains(customer.Id)))
                    {
                        leftAlone.Add(new RevertSkippedDto(customer.Id, customer.Name));
                    }
                    else if (record.Created)
                    {
                        db.Customers.Remove(customer);
                        deleted++;
                    }
                    else
                    {
                        Restore(db.Entry(customer), record.Previous);
                        customer.Version++;
                        customer.UpdatedAt = now;
                        if (record.Previous?.Contains("\"Name\"", StringComparison.Ordinal) == true)
                        {
                            await ContactSearch.CustomerRenamedAsync(db, customer.Id, customer.Name, ct);
                        }

                        restored++;
                    }
                }
            }
            else
            {
                var contacts = await db.Contacts.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
                foreach (var record in batch)
                {
                    if (!contacts.TryGetValue(record.EntityId, out var contact))
                    {
                        continue;
                    }

                    if (contact.UpdatedAt > import.CreatedAt)
                    {
                        leftAlone.Add(new RevertSkippedDto(contact.Id, contact.Name));
                    }
                    else if (record.Created)
                    {
                        db.Contacts.Remove(contact);
                        deleted++;
                    }
                    else
                    {
                        Restore(db.Entry(contact), record.Previous);
                        contact.UpdatedAt = now;
                        restored++;
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        db.Attach(import);
        import.Status = ImportStatus.Reverted;
        import.RevertedAt = now;
        import.RevertedById = actor.UserId;
        db.RecordAction(AuditActions.ImportReverted, AuditEntityTypes.Import, import.Id, details: new JsonObject
        {
            ["kind"] = import.Kind,
            ["file_name"] = import.FileName,
            ["deleted"] = deleted,
            ["restored"] = restored,
            ["left_alone"] = leftAlone.Count,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await PlannerStatistics.RefreshAfterBulkAsync(db, deleted + restored, log, ct);
        return new RevertResultDto(deleted, restored, leftAlone);
    }

    /// <summary>Puts back the previous values an import recorded ({property: value}), converted to each property's type.</summary>
    private static void Restore(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, string? previous)
    {
        if (previous is null)
        {
            return;
        }

        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(previous) ?? [])
        {
            var property = entry.Property(name);
            property.CurrentValue = value.ValueKind == JsonValueKind.Null ? null : value.Deserialize(property.Metadata.ClrType);
        }
    }
}
