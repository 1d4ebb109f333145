using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// Imports contacts (issue 10) the way <see cref="ImportCustomers"/> imports customers: two passes, one transaction,
/// every row through ContactFields. A row names its customer by 客户编号 or exact 客户名称, which must be in the caller's
/// scope (else 客户不存在, as the API answers). A contact repeats another when it has the same name at the same customer.
/// A primary contact takes over from the customer's current one, as on the API.
/// </summary>
public sealed class ImportContacts(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time, ILogger<ImportContacts> log)
{
    public Task<ImportResultDto> HandleAsync(
        Actor actor, byte[] content, string fileName, bool dryRun, OnDuplicate onDuplicate,
        IProgress<ImportStep>? progress, CancellationToken ct, long? runningImportId = null)
    {
        var upload = SpreadsheetUpload.Open(content, fileName);
        return ImportRun.RunAsync(dbFactory, actor, ImportKinds.Contacts, content, fileName, dryRun, onDuplicate, clock.GetUtcNow().UtcDateTime, Pass(actor, upload, onDuplicate, progress), log, ct, runningImportId);
    }

    /// <summary>The errors a file has now (for the error workbook of an import that was refused).</summary>
    public Task<IReadOnlyList<ImportErrorDto>> ErrorsAsync(Actor actor, byte[] content, string fileName, OnDuplicate onDuplicate, CancellationToken ct) =>
        ImportRun.CheckAsync(dbFactory, actor, clock.GetUtcNow().UtcDateTime, Pass(actor, SpreadsheetUpload.Open(content, fileName), onDuplicate, progress: null), ct);

    private ImportRun.PassAsync Pass(Actor actor, SpreadsheetUpload upload, OnDuplicate onDuplicate, IProgress<ImportStep>? progress)
    {
        return async (db, write, importId, now, c) =>
            {
                var today = time.Today(new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)));
                var rows = upload.Rows(out var headers);
                var at = SheetColumn.Locate(headers, ContactSheet.Columns, ContactSheet.Ignored);
                var known = await KnownCustomers.LoadAsync(db, c);
                var pass = new ImportPass(headers, at, ContactSheet.Columns, ContactSheet.ColumnOf);
                var primaries = new Dictionary<long, int>();
                await foreach (var batch in ReadAhead.Batches(rows, ImportCustomers.BatchSize, c))
                {
                    await BatchAsync(db, actor, batch, pass, known, primaries, onDuplicate, today, now, write, importId, c);
                    progress?.Report(new ImportStep(pass.TotalRows, Math.Max(upload.RowEstimate, pass.TotalRows), write));
                }

                return pass;
            };
    }

    private static async Task BatchAsync(
        CrmDbContext db, Actor actor, SheetRow[] batch, ImportPass pass, KnownCustomers known, Dictionary<long, int> primaries,
        OnDuplicate onDuplicate, DateOnly today, DateTime now, bool write, long importId, CancellationToken ct)
    {
        var decided = new List<(SheetRow Row, ContactInput Input, ValidationErrors Errors, long? CustomerId)>();
        foreach (var row in batch)
        {
            pass.TotalRows++;
            var errors = new ValidationErrors();
            var input = ContactSheet.ToInput(row, pass.At, errors, out var code, out var customerName);
            long? customerId = null;
            if (code is null && customerName is null)
            {
                errors.Add("customer_id", Messages.ImportCustomerRequired);
            }
            else if (known.Find(code is null ? null : CustomerCode.Normalize(code), customerName is null ? null : CustomerSheet.NameKey(customerName), actor) is { } match
                     && Permissions.MayEdit(actor, match.OwnerId))
            {
                customerId = match.Id;
            }
            else
            {
                errors.Add(code is null ? "customer_id" : ContactSheet.CustomerCode, Messages.CustomerNotFound);
            }

            var nameKey = customerId is { } id && input.Name.IsSet && Text.Clean(input.Name.Value) is { } name ? $"{id}/{CustomerSheet.NameKey(name)}" : null;
            if (pass.SeenIn(null, nameKey) is { } firstRow)
            {
                if (onDuplicate == OnDuplicate.Skip)
                {
                    pass.Skipped++;
                    continue;
                }

                errors.Add("name", Messages.Format("ImportDuplicateInFile", firstRow));
            }

            pass.Remember(null, nameKey, row.Number);
            decided.Add((row, input, errors, customerId));
        }

        var customerIds = decided.Where(d => d.CustomerId is not null).Select(d => d.CustomerId!.Value).Distinct().ToList();
        var existing = customerIds.Count == 0 ? [] : await db.Contacts.Where(x => customerIds.Contains(x.CustomerId)).ToListAsync(ct);
        var byKey = existing.GroupBy(x => $"{x.CustomerId}/{CustomerSheet.NameKey(x.Name)}").ToDictionary(g => g.Key, g => g.OrderBy(x => x.Id).First());
        var customerNames = customerIds.Count == 0 ? [] : await db.Customers.Where(x => customerIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var creates = new List<Contact>();
        var updates = new List<(Contact Contact, Dictionary<string, object?> Previous)>();

        foreach (var (row, input, errors, customerId) in decided)
        {
            Contact? match = null;
            if (customerId is { } id && input.Name.IsSet && Text.Clean(input.Name.Value) is { } name && byKey.TryGetValue($"{id}/{CustomerSheet.NameKey(name)}", out var found))
            {
                if (onDuplicate == OnDuplicate.Skip && !errors.Any)
                {
                    pass.Skipped++;
                    continue;
                }

                if (onDuplicate == OnDuplicate.Fail)
                {
                    errors.Add("name", Messages.Format("ImportDuplicateExists", found.Name));
                }

                match = found;
            }

            var contact = match ?? new Contact { CustomerId = customerId ?? 0, Name = string.Empty, CreatedAt = now, UpdatedAt = now };
            ContactFields.Apply(contact, input, creating: match is null, today, errors);
            if (contact.IsPrimary && customerId is { } owner)
            {
                if (primaries.TryGetValue(owner, out var primaryRow) && primaryRow != row.Number)
                {
                    errors.Add("is_primary", Messages.Format("ImportSecondPrimary", primaryRow));
                }
                else
                {
                    primaries[owner] = row.Number;
                }
            }

            if (errors.Any)
            {
                pass.AddErrors(row, errors);
                continue;
            }

            contact.SearchText = ContactSearch.TextOf(contact.Name, contact.Mobile, contact.Email, customerNames[contact.CustomerId]);
            if (match is null)
            {
                pass.Created++;
                creates.Add(contact);
                continue;
            }

            var entry = db.Entry(match);
            entry.DetectChanges();
            var previous = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
            if (previous.Count == 0)
            {
                pass.Skipped++;
                continue;
            }

            pass.Updated++;
            match.UpdatedAt = now;
            updates.Add((match, previous));
        }

        if (!write || pass.Errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return;
        }

        foreach (var contact in creates.Concat(updates.Select(u => u.Contact)).Where(x => x.IsPrimary))
        {
            await PrimaryContact.ClearOthersAsync(db, contact.CustomerId, contact.Id, now, ct);
        }

        db.Contacts.AddRange(creates);
        await db.SaveChangesAsync(ct);
        db.DataImportRecords.AddRange(creates.Select(x => new DataImportRecord { ImportId = importId, EntityId = x.Id, Created = true }));
        db.DataImportRecords.AddRange(updates.Select(u => new DataImportRecord { ImportId = importId, EntityId = u.Contact.Id, Previous = System.Text.Json.JsonSerializer.Serialize(u.Previous) }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
