using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Backups;

public sealed class BackupHealthTests
{
    public static TheoryData<string, string> UnusablePgDumps => new()
    {
        { "missing", "找不到" },
        { "9.6", "低于" },
    };

    [Theory]
    [MemberData(nameof(UnusablePgDumps))]
    public async Task A_missing_or_older_pg_dump_makes_health_degraded_with_the_reason_and_the_page_says_so(string pgDump, string reason)
    {
        var folder = Directory.CreateTempSubdirectory("crm-fake-pg-").FullName;
        try
        {
            var tool = Path.Combine(folder, "pg_dump");
            if (pgDump != "missing" && !OperatingSystem.IsWindows())
            {
                await File.WriteAllTextAsync(tool, $"#!/bin/sh\necho 'pg_dump (PostgreSQL) {pgDump}'\n");
                File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            var api = new ApiFixture(new BackupAppFactory(new() { ["Backup:PgDump"] = tool }));
            await api.InitializeAsync();
            try
            {
                var health = await api.Anonymous().GetAsync("/healthz");
                var body = await health.ReadJsonAsync();
                var status = await api.Admin.GetJsonAsync("/api/v1/admin/backups/status");

                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                if (api.Factory.IsPostgres)
                {
                    Assert.Equal("degraded", body.Str("status"));
                    Assert.Contains(reason, body["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
                    Assert.Contains(reason, status.Str("tool_problem"), StringComparison.Ordinal);
                }
                else
                {
                    // SQLite backs up without pg_dump.
                    Assert.Equal("healthy", body.Str("status"));
                    Assert.Null(status["tool_problem"]);
                }
            }
            finally
            {
                await api.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
