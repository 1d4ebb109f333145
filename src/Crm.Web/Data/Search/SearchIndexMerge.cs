using System.Data.Common;
using System.Globalization;
using Crm.Domain.Common;
using Cronos;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// Merges SQLite's FTS5 search indexes back into one b-tree each night (decision 0086): <c>Crm:SearchMergeSchedule</c>,
/// cron in the business time zone, 03:30 by default (after the 02:00 backup); "off" turns it off. Every committed write
/// adds a b-tree (segment) to an FTS5 index, and FTS5 merges them only level by level, so loads and days of saves leave
/// ten or more, and a phrase reads its trigrams' postings from each (`苏州华创` at 1M: 3.7 ms over 10 b-trees, 3.1 ms
/// over one). The merge runs in steps of <see cref="PagesPerStep"/> pages, each its own short write, with a pause
/// between, so saves go on meanwhile. An index already in one b-tree is left as it is. PostgreSQL's GIN index keeps no
/// segments: nothing to do there.
/// </summary>
public sealed partial class SearchIndexMerge(
    IDbContextFactory<CrmDbContext> factory, IConfiguration configuration, BusinessTime zone, TimeProvider time, ILogger<SearchIndexMerge> logger)
    : BackgroundService
{
    public const string DefaultSchedule = "30 3 * * *";

    /// <summary>Pages written by one step: it holds the write lock 28–30 ms (median) at 1M.</summary>
    public const int PagesPerStep = 200;

    /// <summary>The app's FTS5 tables (SQLite migrations CustomerSearch and ContactSearch).</summary>
    public static readonly IReadOnlyList<string> Tables = ["customer_search", "contact_search"];

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    public CronExpression? Schedule { get; } = Schedules.Parse(
        "Crm:SearchMergeSchedule", configuration["Crm:SearchMergeSchedule"] is { Length: > 0 } text ? text.Trim() : DefaultSchedule);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (Schedule is null || !await IsSqliteAsync(stoppingToken))
            {
                return;
            }

            while (Schedules.Next(Schedule, time.GetUtcNow().UtcDateTime, zone.Zone) is { } occurrence)
            {
                await Schedules.WaitUntilAsync(occurrence, time, stoppingToken);
                await RunAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a merge stopped between steps is carried on by the next one.
        }
    }

    private async Task<bool> IsSqliteAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return !db.IsPostgres;
    }

    /// <summary>One night's merge of every table; returns the steps that did work per table (none on PostgreSQL).</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunAsync(CancellationToken ct)
    {
        var steps = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            if (db.IsPostgres)
            {
                return steps;
            }

            await db.Database.OpenConnectionAsync(ct);
            foreach (var table in Tables)
            {
                steps[table] = await MergeAsync(db.Database.GetDbConnection(), table, Pause, time, ct);
                LogMerged(logger, table, steps[table]);
            }
        }
#pragma warning disable CA1031 // A failed merge leaves the index as it was (slower, never wrong); the next night tries again.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            if (!DatabaseOutage.IsUnavailable(ex))
            {
                LogFailed(logger, ex);
            }
        }

        return steps;
    }

    /// <summary>How many b-trees (segments) <paramref name="table"/>'s index has: each has rows in its %_idx table.</summary>
    public static async Task<long> SegmentsAsync(DbConnection connection, string table, CancellationToken ct) =>
        await ScalarAsync(connection, $"SELECT count(DISTINCT segid) FROM {table}_idx", ct);

    /// <summary>
    /// Merges <paramref name="table"/>'s b-trees into one on an open connection; returns the steps that did work (0: it was
    /// one already). FTS5's own way: the first 'merge' with a negative page count puts every b-tree on one level and
    /// starts merging them; the next, positive, carry that merge on (a b-tree written meanwhile waits for the next
    /// night rather than restarting it), until a step changes fewer than two rows: nothing was left to merge.
    /// </summary>
    public static async Task<int> MergeAsync(DbConnection connection, string table, TimeSpan pause, TimeProvider time, CancellationToken ct)
    {
        if (await SegmentsAsync(connection, table, ct) <= 1)
        {
            return 0;
        }

        // table is one of Tables, never user input.
        var steps = 0;
        for (var pages = -PagesPerStep; ; pages = PagesPerStep)
        {
            var before = await ScalarAsync(connection, "SELECT total_changes()", ct);
            await ScalarAsync(connection, $"INSERT INTO {table}({table}, rank) VALUES('merge', {pages.ToString(CultureInfo.InvariantCulture)})", ct);
            if (await ScalarAsync(connection, "SELECT total_changes()", ct) - before < 2)
            {
                return steps;
            }

            steps++;
            await Task.Delay(pause, time, ct);
        }
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index {Table} merged into one b-tree in {Steps} steps (0: it was one already)")]
    private static partial void LogMerged(ILogger logger, string table, int steps);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search index merge failed; the index stays as it was until the next night")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
