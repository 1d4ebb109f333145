using Crm.Domain.Common;
using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data;

/// <summary>
/// Folds the write shards of the customer counters back into shard 0 on PostgreSQL (decision 0070), and the tag
/// counters' written rows into their slot 0 (decision 0083). The triggers
/// spread concurrent writers over <see cref="CustomerCounter.Shards"/> rows per owner, status and grade (decision
/// 0016), and every later reader sums them: at 1M customers the admin's list total and stats read 5,200 rows where
/// 650 hold the same figures. Every <c>Crm:CounterFoldSeconds</c> (60 by default; 0 turns it off) this moves each
/// key's other shards into its shard 0, one key per statement, so readers sum about one row per key again.
/// SQLite has one writer and keeps shard 0 only: nothing to fold.
/// </summary>
/// <remarks>
/// The fold cannot deadlock with the triggers: a writing transaction adds to the rows of one shard only (its
/// transaction id mod 8) in key order, and one fold statement holds rows of one key only, taking shard 0 last. A
/// writer of shard s can wait for it only on (key, s), which the fold never holds while it waits for anything of
/// shard s. The statement deletes the other shards and adds their sums to shard 0 at once, so a reader sees the key's
/// figures before or after it, never half-moved; a writer whose shard row was just deleted inserts it afresh.
/// </remarks>
public sealed partial class CounterShardFold(IDbContextFactory<CrmDbContext> factory, IConfiguration configuration, TimeProvider time, ILogger<CounterShardFold> logger)
    : BackgroundService
{
    public const int DefaultSeconds = 60;

    private readonly TimeSpan _interval = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Crm:CounterFoldSeconds", DefaultSeconds)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_interval == TimeSpan.Zero || !await IsPostgresAsync(stoppingToken))
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken);
                await Task.Delay(_interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the shards stay as they are, every reader sums them.
        }
    }

    private async Task<bool> IsPostgresAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return db.IsPostgres;
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await FoldAsync(db, ct);
        }
#pragma warning disable CA1031 // A failed fold only leaves more rows to sum; it must not stop the app or the next fold.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            if (!DatabaseOutage.IsUnavailable(ex))
            {
                LogFailed(logger, ex);
            }
        }
    }

    /// <summary>Folds every key (of the customer and the tag counters) that has rows outside shard 0; returns how many keys it folded (0 on SQLite).</summary>
    public static async Task<int> FoldAsync(CrmDbContext db, CancellationToken ct)
    {
        if (!db.IsPostgres)
        {
            return 0;
        }

        var keys = await db.CustomerCounters.AsNoTracking()
            .Where(c => c.Shard != 0)
            .Select(c => new { c.SalesOwnerId, c.StatusKey, c.CustomerLevel })
            .Distinct()
            .ToListAsync(ct);
        foreach (var key in keys)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                WITH moved AS (
                    DELETE FROM customer_counters
                    WHERE sales_owner_id = {key.SalesOwnerId} AND status_key = {key.StatusKey} AND customer_level = {Level(key.CustomerLevel)} AND shard <> 0
                    RETURNING customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                INSERT INTO customer_counters AS c (sales_owner_id, status_key, customer_level, shard, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                SELECT {key.SalesOwnerId}, {key.StatusKey}, {Level(key.CustomerLevel)}, 0, sum(customers), sum(annual_revenue_fen), sum(cooperation_years_sum), sum(cooperation_years_count)
                FROM moved
                HAVING count(*) > 0
                ON CONFLICT (sales_owner_id, status_key, customer_level, shard) DO UPDATE SET
                    customers = c.customers + excluded.customers,
                    annual_revenue_fen = c.annual_revenue_fen + excluded.annual_revenue_fen,
                    cooperation_years_sum = c.cooperation_years_sum + excluded.cooperation_years_sum,
                    cooperation_years_count = c.cooperation_years_count + excluded.cooperation_years_count
                """,
                ct);
        }

        return keys.Count + await FoldTagsAsync(db, ct);
    }

    /// <summary>
    /// The tag counters' rows added by writers (decision 0083), summed into each tag's slot 0: one statement per tag.
    /// Writers only insert rows of their own, so a fold never waits for one; two folds at once move each row once.
    /// </summary>
    private static async Task<int> FoldTagsAsync(CrmDbContext db, CancellationToken ct)
    {
        var tags = await db.TagCounters.AsNoTracking().Where(c => c.Slot != 0).Select(c => c.TagName).Distinct().ToListAsync(ct);
        foreach (var tag in tags)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                WITH moved AS (DELETE FROM tag_counters WHERE tag_name = {tag} AND slot <> 0 RETURNING customers)
                INSERT INTO tag_counters AS c (tag_name, slot, customers)
                SELECT {tag}, 0, sum(customers) FROM moved HAVING count(*) > 0
                ON CONFLICT (tag_name, slot) DO UPDATE SET customers = c.customers + excluded.customers
                """,
                ct);
        }

        return tags.Count;
    }

    /// <summary>The grade as its column stores it.</summary>
    private static string Level(CustomerLevel level) => EnumText<CustomerLevel>.Name(level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folding the customer counters' shards failed; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
