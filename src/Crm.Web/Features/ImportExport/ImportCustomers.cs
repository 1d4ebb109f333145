using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;
using Crm.Web.Features.Transfers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// Imports customers from an .xlsx or .csv (issue 10, decision 0043). Every row becomes the <see cref="CustomerInput"/>
/// the API would have received and is validated by the same CustomerFields / CustomerOwners / TagNames rules. The file
/// is read twice: a first pass checks every row (a dry run stops there); only a file without a single error is read
/// again and written, in one transaction, in batches whose change tracker is cleared, so memory stays bounded and a
/// process killed mid-way leaves nothing behind. The customer counters follow through their triggers.
/// </summary>
public sealed partial class ImportCustomers(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time, ILogger<ImportCustomers> log)
{
    public const int BatchSize = 1000;

    /// <summary>The tables a customer import inserts into (their indexes may be built after the rows, DeferredIndexes).</summary>
    private static readonly string[] WrittenTables = ["customers"];

    public Task<ImportResultDto> HandleAsync(
        Actor actor, byte[] content, string fileName, bool dryRun, OnDuplicate onDuplicate,
        IProgress<ImportStep>? progress, CancellationToken ct, long? runningImportId = null)
    {
        var upload = SpreadsheetUpload.Open(content, fileName);
        return ImportRun.RunAsync(dbFactory, actor, ImportKinds.Customers, content, fileName, dryRun, onDuplicate, clock.GetUtcNow().UtcDateTime, Pass(actor, upload, onDuplicate, progress), log, ct, runningImportId);
    }

    /// <summary>The errors a file has now (for the error workbook of an import that was refused).</summary>
    public Task<IReadOnlyList<ImportErrorDto>> ErrorsAsync(Actor actor, byte[] content, string fileName, OnDuplicate onDuplicate, CancellationToken ct) =>
        ImportRun.CheckAsync(dbFactory, actor, clock.GetUtcNow().UtcDateTime, Pass(actor, SpreadsheetUpload.Open(content, fileName), onDuplicate, progress: null), ct);

    private ImportRun.PassAsync Pass(Actor actor, SpreadsheetUpload upload, OnDuplicate onDuplicate, IProgress<ImportStep>? progress) =>
        (db, write, importId, now, c) => RunAsync(db, actor, upload, onDuplicate, time.Today(new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc))), now, write, importId, progress, log, c);

    /// <summary>One pass over the file: every row decided (error, skip, create, update); with <paramref name="write"/> the decisions are saved batch by batch.</summary>
    private static async Task<ImportPass> RunAsync(
        CrmDbContext db, Actor actor, SpreadsheetUpload upload, OnDuplicate onDuplicate, DateOnly today, DateTime now,
        bool write, long importId, IProgress<ImportStep>? progress, ILogger log, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var rows = upload.Rows(out var headers);
        var at = SheetColumn.Locate(headers, CustomerSheet.Columns, CustomerSheet.Ignored);
        var users = await db.Users.AsNoTracking()
            .Select(u => new KnownUser(u.Id, u.NormalizedUsername, u.IsActive))
            .ToDictionaryAsync(u => u.NormalizedUsername, StringComparer.Ordinal, ct);
        var known = await KnownCustomers.LoadAsync(db, ct);
        var pass = new ImportPass(headers, at, CustomerSheet.Columns, CustomerSheet.ColumnOf);
        var searchIndex = write ? await DeferredSearchIndex.BeginAsync(db, ct) : null;
        var indexes = write ? await DeferredIndexes.BeginAsync(db, upload.RowEstimate, WrittenTables, ct) : null;
        pass.Timings.Lap("known customers and users");
        await foreach (var batch in ReadAhead.Batches(rows, BatchSize, ct))
        {
            pass.Timings.Lap("wait for the sheet");
            await BatchAsync(db, actor, batch, pass, known, users, onDuplicate, today, now, write, importId, ct);
            progress?.Report(new ImportStep(pass.TotalRows, Math.Max(upload.RowEstimate, pass.TotalRows), write));
        }

        if (searchIndex is not null)
        {
            await searchIndex.CompleteAsync(db, ct);
            pass.Timings.Lap("search index of the new customers");
        }

        if (indexes is not null)
        {
            await indexes.CompleteAsync(db, ct);
            pass.Timings.Lap("indexes built after the rows");
        }

        progress?.Report(new ImportStep(pass.TotalRows, pass.TotalRows, write));
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogPass(log, pass.TotalRows, write, elapsed, pass.Timings);

        return pass;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer import pass: {Rows} rows (write: {Write}) in {Milliseconds:F0} ms: {Timings}")]
    private static partial void LogPass(ILogger logger, int rows, bool write, double milliseconds, ImportTimings timings);

    private static async Task BatchAsync(
        CrmDbContext db, Actor actor, SheetRow[] batch, ImportPass pass, KnownCustomers known, Dictionary<string, KnownUser> users,
        OnDuplicate onDuplicate, DateOnly today, DateTime now, bool write, long importId, CancellationToken ct)
    {
        // Decide every row by its keys first, so that the customers this batch updates load in one query.
        var decided = new List<(SheetRow Row, CustomerInput Input, ValidationErrors Errors, string? Owner, IReadOnlyList<string>? Tags, long? MatchId)>();
        foreach (var row in batch)
        {
            pass.TotalRows++;
            var errors = new ValidationErrors();
            var input = CustomerSheet.ToInput(row, pass.At, errors, out var ownerName, out var tags);
            var code = input.CustomerCode.IsSet ? Text.Clean(input.CustomerCode.Value) : null;
            var codeKey = code is null ? null : CustomerCode.Normalize(code);
            var nameKey = input.Name.IsSet && Text.Clean(input.Name.Value) is { } name ? CustomerSheet.NameKey(name) : null;

            if (pass.SeenIn(codeKey, nameKey) is { } firstRow)
            {
                if (onDuplicate == OnDuplicate.Skip)
                {
                    pass.Skipped++;
                    continue;
                }

                errors.Add(codeKey is not null ? "customer_code" : "name", Messages.Format("ImportDuplicateInFile", firstRow));
            }

            pass.Remember(codeKey, nameKey, row.Number);
            long? matchId = null;
            if (known.Find(codeKey, nameKey, actor) is { } match)
            {
                if (!Permissions.MayEdit(actor, match.OwnerId))
                {
                    // Someone else's customer: the row cannot touch it, and says no more than the API would.
                    errors.Add(match.ByCode ? "customer_code" : "name", match.ByCode ? Messages.CodeExists : Messages.ImportNameTakenElsewhere);
                }
                else if (onDuplicate == OnDuplicate.Skip && !errors.Any)
                {
                    pass.Skipped++;
                    continue;
                }
                else if (onDuplicate == OnDuplicate.Fail)
                {
                    errors.Add(match.ByCode ? "customer_code" : "name", Messages.Format("ImportDuplicateExists", match.Code));
                }
                else
                {
                    matchId = match.Id;
                }
            }

            decided.Add((row, input, errors, ownerName, tags, matchId));
        }

        pass.Timings.Lap("check rows and duplicates");
        var updateIds = decided.Where(d => d.MatchId is not null).Select(d => d.MatchId!.Value).Distinct().ToList();
        var targets = updateIds.Count == 0
            ? []
            : await db.Customers.Where(c => updateIds.Contains(c.Id)).Include(c => c.Tags).ToDictionaryAsync(c => c.Id, ct);
        var creates = new List<(Customer Customer, string? ManualCode)>();
        var updates = new List<(Customer Customer, Dictionary<string, object?> Previous, bool Renamed)>();

        foreach (var (row, input, errors, ownerName, tags, matchId) in decided)
        {
            var existing = matchId is { } id ? targets.GetValueOrDefault(id) : null;
            var customer = existing ?? CustomerFields.New(actor, now);
            var formerName = customer.Name;
            string? manualCode = null;
            if (existing is null)
            {
                manualCode = input.CustomerCode.IsSet ? CustomerRules.ManualCode(input.CustomerCode.Value, errors) : null;
            }
            else
            {
                CustomerFields.KeepCode(existing, input, errors);
            }

            CustomerFields.Apply(customer, input, creating: existing is null, today, errors);
            ResolveOwner(customer, actor, ownerName, users, existing is null, errors);
            if (tags is not null)
            {
                foreach (var tag in tags.Where(t => !customer.Tags.Any(x => x.TagName == t)))
                {
                    // The sort key the triggers would copy (decision 0078), given here so that SQLite's finds nothing to fix.
                    customer.Tags.Add(new CustomerTag { TagName = tag, CreatedAt = now, CustomerCreatedAt = customer.CreatedAt });
                }
            }

            if (errors.Any)
            {
                pass.AddErrors(row, errors);
                if (existing is not null)
                {
                    db.Entry(existing).State = EntityState.Detached;
                }

                continue;
            }

            if (existing is null)
            {
                pass.Created++;
                creates.Add((customer, manualCode));
                continue;
            }

            var previous = Previous(db, existing);
            if (previous.Count == 0 && !existing.Tags.Any(t => t.Id == 0))
            {
                pass.Skipped++;
                continue;
            }

            pass.Updated++;
            updates.Add((existing, previous, existing.Name != formerName));
        }

        pass.Timings.Lap("apply fields, grade, owner, tags");

        if (!write || pass.Errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return;
        }

        await SaveBatchAsync(db, actor, creates, updates, today, now, importId, pass.Timings, ct);
    }

    /// <summary>
    /// Writes one batch (decision 0050): new customers, their tags, their audit entries and undo records by multi-row
    /// statements (BulkInsert, AuditWriter.RecordCreatedAsync) — the rows and entries an API create writes, a few
    /// statements per batch instead of several per row; updated customers through SaveChanges (version, field audit).
    /// </summary>
    private static async Task SaveBatchAsync(
        CrmDbContext db, Actor actor, List<(Customer Customer, string? ManualCode)> creates,
        List<(Customer Customer, Dictionary<string, object?> Previous, bool Renamed)> updates,
        DateOnly today, DateTime now, long importId, ImportTimings timings, CancellationToken ct)
    {
        var generated = await CustomerCodes.ReserveAsync(db, today, creates.Count(c => c.ManualCode is null), ct);
        timings.Lap("reserve codes");
        var next = 0;
        foreach (var (customer, manualCode) in creates)
        {
            customer.CustomerCode = manualCode ?? generated[next++];
            customer.CustomerCodeKey = CustomerCode.Normalize(customer.CustomerCode);
        }

        // Pure work per row (the pinyin of every name) on every core: the batch's rows are independent.
        Parallel.ForEach(creates, c => c.Customer.SearchText = CustomerSearch.TextOf(c.Customer.Name, c.Customer.ShortName, c.Customer.CustomerCode));
        timings.Lap("search text (pinyin)");

        // Each table's audit entries are built on the thread pool while its rows are written (SQLite writes on one core).
        var created = creates.Select(c => c.Customer).ToList();
        var customersAudit = db.PrepareCreated(created);
        try
        {
            await BulkInsert.InsertAsync(db, created, [nameof(Customer.CustomerCodeKey)], ct);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex, "customer_code_key"))
        {
            throw new ConflictException(Messages.ImportFailedRolledBack + "：" + Messages.CodeExists);
        }

        timings.Lap("insert customers (with triggers)");

        var tags = created.SelectMany(c => c.Tags.Select(t =>
        {
            t.CustomerId = c.Id;
            return t;
        })).ToList();
        var tagsAudit = db.PrepareCreated(tags);
        await BulkInsert.InsertAsync(db, tags, [nameof(CustomerTag.CustomerId), nameof(CustomerTag.TagName)], ct);
        timings.Lap("insert tags");
        await db.RecordCreatedAsync(customersAudit, ct);
        await db.RecordCreatedAsync(tagsAudit, ct);
        timings.Lap("audit entries");

        // An admin's row that names another owner moves the customer: its pending transfer request closes, as on any move.
        var moved = updates.Where(u => u.Previous.ContainsKey(nameof(Customer.SalesOwnerId))).Select(u => u.Customer.Id).ToList();
        if (moved.Count > 0)
        {
            await TransferRequests.CancelPendingAsync(db, db.Customers.Where(c => moved.Contains(c.Id)), actor.UserId, now, ct);
        }

        foreach (var (customer, _, renamed) in updates)
        {
            customer.Version++;
            customer.UpdatedAt = now;
            if (renamed)
            {
                await ContactSearch.CustomerRenamedAsync(db, customer.Id, customer.Name, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        timings.Lap("updates (SaveChanges)");
        var records = created.Select(c => new DataImportRecord { ImportId = importId, EntityId = c.Id, Created = true, VersionAfter = c.Version })
            .Concat(updates.Select(u => new DataImportRecord
            {
                ImportId = importId,
                EntityId = u.Customer.Id,
                VersionAfter = u.Customer.Version,
                Previous = JsonSerializer.Serialize(u.Previous),
            }))
            .ToList();
        await BulkInsert.InsertAsync(db, records, ct);
        db.ChangeTracker.Clear();
        timings.Lap("undo records");
    }

    /// <summary>The previous values of the fields a row changed (what an undo puts back); empty when the row changes nothing.</summary>
    private static Dictionary<string, object?> Previous(CrmDbContext db, Customer customer)
    {
        var entry = db.Entry(customer);
        entry.DetectChanges();
        return entry.Properties
            .Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
            .ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
    }

    private static void ResolveOwner(Customer customer, Actor actor, string? ownerName, Dictionary<string, KnownUser> users, bool creating, ValidationErrors errors)
    {
        if (ownerName is null)
        {
            if (creating)
            {
                customer.SalesOwnerId = actor.UserId;
            }

            return;
        }

        if (!users.TryGetValue(UserRules.NormalizeUsername(ownerName), out var user))
        {
            errors.Add("sales_owner_id", Messages.Format("ImportOwnerUnknown", ownerName));
            return;
        }

        try
        {
            customer.SalesOwnerId = CustomerOwners.Resolve(actor, Infrastructure.Optional<long?>.Of(user.Id), creating ? null : customer.SalesOwnerId, user.IsActive, errors);
        }
        catch (ForbiddenException ex)
        {
            errors.Add("sales_owner_id", ex.Message);
        }
    }

    private sealed record KnownUser(long Id, string NormalizedUsername, bool IsActive);
}
