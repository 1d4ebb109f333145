using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// Runs an import in the background for the import page (decision 0051): the file is checked and the history row
/// saved (status <c>running</c>) before <see cref="StartAsync"/> returns its id; the import then runs in a scope of its
/// own, independent of the page, reporting to <see cref="ImportProgress"/> after every batch. It ends with the usual
/// status (checked / failed / imported); if it stops without a result — the app shuts down, a conflict — its
/// transaction rolls back and the row says <c>interrupted</c>.
/// </summary>
public sealed partial class ImportJobs(
    IServiceScopeFactory scopes, IDbContextFactory<CrmDbContext> dbFactory, ImportProgress progress, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<ImportJobs> log)
{
    /// <summary>Checks the file (a bad one is refused here, as the POST refuses it), records the import as running and starts it.</summary>
    public async Task<long> StartAsync(
        Actor actor, string kind, byte[] content, string fileName, bool dryRun, OnDuplicate onDuplicate, CancellationToken ct)
    {
        if (kind is not (ImportKinds.Customers or ImportKinds.Contacts))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "customers or contacts");
        }

        var upload = SpreadsheetUpload.Open(content, fileName);
        var id = await ImportRun.StartAsync(dbFactory, actor, kind, fileName, dryRun, onDuplicate, clock.GetUtcNow().UtcDateTime, ct);
        progress.Start(id, kind, actor.UserId, upload.RowEstimate);
        _ = Task.Run(() => RunAsync(id, actor, kind, content, fileName, dryRun, onDuplicate), CancellationToken.None);
        return id;
    }

    private async Task RunAsync(long id, Actor actor, string kind, byte[] content, string fileName, bool dryRun, OnDuplicate onDuplicate)
    {
        var ct = lifetime.ApplicationStopping;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var reporter = progress.Reporter(id);
            var result = kind == ImportKinds.Customers
                ? await services.GetRequiredService<ImportCustomers>().HandleAsync(actor, content, fileName, dryRun, onDuplicate, reporter, ct, id)
                : await services.GetRequiredService<ImportContacts>().HandleAsync(actor, content, fileName, dryRun, onDuplicate, reporter, ct, id);
            progress.Finish(id, result);
        }
        catch (Exception ex)
        {
            var message = ex switch
            {
                DomainValidationException or ConflictException or NotFoundException or ForbiddenException => ex.Message,
                _ => Messages.ImportInterrupted,
            };
            if (ex is not (DomainValidationException or ConflictException or OperationCanceledException))
            {
                LogFailed(log, ex, id);
            }

            progress.Fail(id, message);
            await MarkInterruptedAsync(id);
        }
    }

    private async Task MarkInterruptedAsync(long id)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.DataImports.Where(i => i.Id == id && i.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, ImportStatus.Interrupted));
        }
        catch (Exception ex)
        {
            LogNotMarked(log, ex, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background import {ImportId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long importId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark import {ImportId} interrupted")]
    private static partial void LogNotMarked(ILogger logger, Exception exception, long importId);
}
