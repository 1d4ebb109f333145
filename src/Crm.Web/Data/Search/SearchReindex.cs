using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// Brings search_text written by an older version of the rules up to <see cref="Version"/>, in the background, so
/// that start-up never waits on a large database (decision 0034). It walks each table by id in small batches and
/// rewrites a row only when its text is still the one it read (compare-and-swap on search_text), so a save that
/// raced with it always wins, and several instances can run it at once. Once a table is done, the version is
/// recorded (app_secrets) and later starts skip it. Until then, a stale row is found as before, by its old text.
/// </summary>
public sealed partial class SearchReindex(IDbContextFactory<CrmDbContext> factory, ILogger<SearchReindex> logger) : BackgroundService
{
    /// <summary>1: ICU, one reading per character. 2: polyphones (pinyin-pro data); contacts with pinyin and their customer's name.</summary>
    public const int Version = 2;

    public const string CustomersKey = "search_text_version:customers";
    public const string ContactsKey = "search_text_version:contacts";

    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(factory, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the next start carries on.
        }
#pragma warning disable CA1031 // A failed re-index must not stop the app; search still finds rows by their old text.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStopped(logger, ex);
        }
    }

    public static async Task RunAsync(IDbContextFactory<CrmDbContext> factory, CancellationToken ct)
    {
        await RunTableAsync(
            factory,
            CustomersKey,
            (db, after) => db.Customers.Where(c => c.Id > after).OrderBy(c => c.Id).Take(BatchSize)
                .Select(c => new Row(c.Id, c.SearchText, CustomerSearch.TextOf(c.Name, c.ShortName, c.CustomerCode))),
            (db, row, token) => db.Customers.Where(c => c.Id == row.Id && c.SearchText == row.Stored)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, row.Current), token),
            ct);
        await RunTableAsync(
            factory,
            ContactsKey,
            (db, after) => db.Contacts.Where(c => c.Id > after).OrderBy(c => c.Id).Take(BatchSize)
                .Select(c => new Row(c.Id, c.SearchText, ContactSearch.TextOf(c.Name, c.Mobile, c.Email, c.Customer!.Name))),
            (db, row, token) => db.Contacts.Where(c => c.Id == row.Id && c.SearchText == row.Stored)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, row.Current), token),
            ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Search re-index stopped; it resumes at the next start.")]
    private static partial void LogStopped(ILogger logger, Exception exception);

    /// <summary>A row as read (<paramref name="Stored"/>) and as the current rules write it (<paramref name="Current"/>).</summary>
    private sealed record Row(long Id, string Stored, string Current);

    private static async Task RunTableAsync(
        IDbContextFactory<CrmDbContext> factory,
        string key,
        Func<CrmDbContext, long, IQueryable<Row>> batch,
        Func<CrmDbContext, Row, CancellationToken, Task<int>> swap,
        CancellationToken ct)
    {
        var done = Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (await db.AppSecrets.AsNoTracking().AnyAsync(s => s.Name == key && s.Value == done, ct))
            {
                return;
            }
        }

        long after = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);

            // An empty search text is the start-up backfill's (an app writing rows mid-walk fills it itself).
            var rows = await batch(db, after).ToListAsync(ct);
            if (rows.Count == 0)
            {
                break;
            }

            after = rows[^1].Id;
            var stale = rows.Where(r => r.Stored.Length > 0 && r.Stored != r.Current).ToList();
            if (stale.Count > 0)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                foreach (var row in stale)
                {
                    await swap(db, row, ct);
                }

                await transaction.CommitAsync(ct);

                // Leaves SQLite's single writer free between batches for the users' saves.
                await Task.Delay(TimeSpan.FromMilliseconds(5), ct);
            }
        }

        await using var final = await factory.CreateDbContextAsync(ct);
        await RecordAsync(final, key, ct);
    }

    /// <summary>Records that every row of a table carries text of the current version (also used by bulk loaders that write it).</summary>
    public static async Task RecordAsync(CrmDbContext db, string key, CancellationToken ct)
    {
        var done = Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var updated = await db.AppSecrets.Where(s => s.Name == key).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, done), ct);
        if (updated == 0)
        {
            db.AppSecrets.Add(new AppSecret { Name = key, Value = done });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance recorded it first.
            }
        }
    }
}
