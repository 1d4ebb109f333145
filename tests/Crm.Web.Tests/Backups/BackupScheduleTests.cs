using Crm.Web.Data;
using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Backups;

public sealed class BackupScheduleTests
{
    [Theory]
    [InlineData("2026-03-01T10:00:00Z", "2026-03-01T18:00:00Z")] // 18:00 Shanghai → 02:00 the next day there
    [InlineData("2026-03-01T17:59:59Z", "2026-03-01T18:00:00Z")]
    [InlineData("2026-03-01T18:00:00Z", "2026-03-02T18:00:00Z")]
    public void The_default_schedule_is_daily_at_two_in_the_morning_business_time(string now, string expected)
    {
        var settings = new BackupSettings { Schedule = BackupSettings.ParseSchedule(BackupSettings.DefaultSchedule) };
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var next = settings.NextOccurrence(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal), zone);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), next);
        Assert.Equal(14, settings.Keep);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    public void Off_turns_the_schedule_off(string text) => Assert.Null(BackupSettings.ParseSchedule(text));

    [Fact]
    public void A_malformed_schedule_stops_the_start_with_the_setting_named()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => BackupSettings.ParseSchedule("every night"));
        Assert.Contains("Backup:Schedule", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Left_alone_the_app_takes_and_verifies_its_scheduled_backup()
    {
        using var factory = new BackupAppFactory(new() { ["Backup:Schedule"] = "*/2 * * * * *" });
        _ = factory.Services;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (BackupChecks.BackupNames(factory).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var name = Assert.Single(BackupChecks.BackupNames(factory).Take(1));
        await using var db = await factory.DbAsync();
        var deadlineRow = DateTime.UtcNow.AddSeconds(10);
        BackupRun? run = null;
        while (run is null && DateTime.UtcNow < deadlineRow)
        {
            run = await db.BackupRuns.AsNoTracking().FirstOrDefaultAsync(r => r.FileName == name);
            await Task.Delay(100);
        }

        Assert.NotNull(run);
        Assert.Equal(BackupKind.Scheduled, run!.Kind);
        Assert.NotNull(run.ScheduledFor);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task Of_two_app_hosts_on_one_database_only_one_takes_each_scheduled_backup()
    {
        using var first = new BackupAppFactory();
        _ = first.Services;
        using var second = new BackupAppFactory(first);
        _ = second.Services;
        var occurrence = new DateTime(2026, 3, 1, 18, 0, 0, DateTimeKind.Utc);

        for (var round = 0; round < 3; round++)
        {
            var at = occurrence.AddDays(round);
            var results = await Task.WhenAll(
                Task.Run(() => first.Scheduler.RunAsync(at, CancellationToken.None)),
                Task.Run(() => second.Scheduler.RunAsync(at, CancellationToken.None)));

            Assert.Single(results, r => r is not null);
            await using var db = await first.DbAsync();
            var run = await db.BackupRuns.AsNoTracking().SingleAsync(r => r.ScheduledFor == at);
            Assert.Null(run.Error);
            Assert.NotNull(run.FileName);
        }

        // A late instance (its timer fired after the first had finished) does not take the occurrence again.
        Assert.Null(await second.Scheduler.RunAsync(occurrence, CancellationToken.None));
        Assert.Null(await first.Scheduler.RunAsync(occurrence, CancellationToken.None));
        Assert.Equal(3, BackupChecks.BackupNames(first).Length + BackupChecks.BackupNames(second).Length);
    }
}
