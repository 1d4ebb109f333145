using System.Diagnostics;
using System.Net;
using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Backups;

public sealed class RetentionAndFailureTests
{
    [Fact]
    public async Task Retention_keeps_exactly_the_newest_N_backups()
    {
        using var factory = new BackupAppFactory(new() { ["Backup:Keep"] = "3" });
        var take = factory.Get<TakeBackup>();
        var t0 = new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);
        var names = new List<string>();
        for (var day = 0; day < 5; day++)
        {
            using (factory.Clock.Pin(t0.AddDays(day)))
            {
                names.Add(Path.GetFileName((await take.RunAsync(BackupKind.Scheduled, t0.AddDays(day).UtcDateTime))!.Path));
            }
        }

        Assert.Equal(names.Skip(2).Reverse(), BackupChecks.BackupNames(factory));
    }

    [Fact]
    public async Task A_backup_that_fails_on_a_full_or_read_only_disk_keeps_the_previous_backups_and_is_reported()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            Assert.Fail("this test mounts a tiny tmpfs and needs root (scripts/test.sh runs as root)");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"crm-tiny-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        Run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", folder);
        try
        {
            var api = new ApiFixture(new BackupAppFactory(new() { ["Backup:Directory"] = folder }));
            await api.InitializeAsync();
            try
            {
                var first = await api.Admin.PostAsync("/api/v1/admin/backups", null);
                Assert.Equal(HttpStatusCode.Created, first.StatusCode);
                var good = Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);

                // Disk full: a filler leaves less room than one more backup needs.
                var size = good.Values.Single().Length;
                var free = new DriveInfo(folder).AvailableFreeSpace;
                await using (var filler = File.Create(Path.Combine(folder, "filler")))
                {
                    filler.SetLength(0);
                    var block = new byte[64 * 1024];
                    for (long written = 0; written < free - (size / 2); written += block.Length)
                    {
                        try
                        {
                            await filler.WriteAsync(block);
                        }
                        catch (IOException)
                        {
                            break;
                        }
                    }
                }

                var full = await api.Admin.PostAsync("/api/v1/admin/backups", null);
                await full.AssertErrorAsync(HttpStatusCode.InternalServerError, "备份失败");
                await AssertOnlyTheGoodBackupsAsync(api, folder, good);
                File.Delete(Path.Combine(folder, "filler"));

                // Read-only: the folder's file system refuses every write.
                Run("mount", "-o", "remount,ro", folder);
                var readOnly = await api.Admin.PostAsync("/api/v1/admin/backups", null);
                await readOnly.AssertErrorAsync(HttpStatusCode.InternalServerError, "备份失败");
                await AssertOnlyTheGoodBackupsAsync(api, folder, good);
            }
            finally
            {
                await api.DisposeAsync();
            }
        }
        finally
        {
            Run("umount", folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AssertOnlyTheGoodBackupsAsync(ApiFixture api, string folder, Dictionary<string, byte[]> good)
    {
        Assert.Equal(good.Keys.Order(), Directory.GetFiles(folder).Where(f => !f.EndsWith("filler", StringComparison.Ordinal)).Order());
        foreach (var (file, bytes) in good)
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(file));
        }

        var list = await api.Admin.GetJsonAsync("/api/v1/admin/backups");
        Assert.Equal(good.Keys.Select(Path.GetFileName), list.Strings("name"));

        var failure = (await api.Admin.GetJsonAsync("/api/v1/admin/backups/status"))["last_failure"];
        Assert.NotNull(failure);
        Assert.Equal("manual", failure!.Str("kind"));
        Assert.False(string.IsNullOrWhiteSpace(failure.Str("reason")));
    }

    private static void Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)}: {error}");
    }
}
