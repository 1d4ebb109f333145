using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Backups;

public sealed class BackupWhileWritingTests
{
    [Fact]
    public async Task A_backup_taken_while_four_writers_insert_restores_every_customer_committed_before_it_started()
    {
        var source = new BackupAppFactory();
        var api = new ApiFixture(source);
        await api.InitializeAsync();
        try
        {
            await BackUpWhileWritingAndRestoreAsync(api, source);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task BackUpWhileWritingAndRestoreAsync(ApiFixture api, BackupAppFactory source)
    {
        var writers = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            writers.Add(await api.NewUserAsync());
        }

        // Each writer inserts customers as fast as it can; a customer counts as committed when its 201 came back.
        var committed = new ConcurrentDictionary<long, long>(); // id → Stopwatch ticks when its 201 arrived
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var tasks = writers.Select((w, n) => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await w.Client.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"写入者{n}-客户{i}", status = "customer", annual_revenue = 200_000 + i });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    committed[(await response.ReadJsonAsync()).Id()] = clock.ElapsedTicks;
                }
            }
        })).ToList();

        while (committed.Count < 40)
        {
            await Task.Delay(20);
        }

        var startedAt = clock.ElapsedTicks;
        var backup = await source.Get<TakeBackup>().RunAsync(BackupKind.Manual);
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        var before = committed.Where(c => c.Value < startedAt).Select(c => c.Key).ToHashSet();
        Assert.True(committed.Count > before.Count, "the writers kept inserting while and after the backup ran");

        if (!source.IsPostgres)
        {
            await using var copy = new SqliteConnection($"Data Source={backup!.Path};Mode=ReadOnly;Pooling=False");
            await copy.OpenAsync();
            await using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }

        // Restore into a fresh database of the same engine.
        using var fresh = new BackupAppFactory();
        _ = fresh.Services;
        Assert.Null(await fresh.Get<RestoreBackup>().HandleAsync(backup!.Path, force: false, CancellationToken.None));

        await using var db = await fresh.DbAsync();
        var restored = (await db.Customers.Select(c => c.Id).ToListAsync()).ToHashSet();
        Assert.Empty(before.Except(restored));
        Assert.Empty(restored.Except(committed.Keys));
        await BackupChecks.AssertCountersMatchRecountAsync(fresh);
    }
}
