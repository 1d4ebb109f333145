using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Crm.Web.Tests.Outages;

/// <summary>
/// What an outage looks like to a user and an operator: writes refused with 503 and a Chinese detail (never a 201 that
/// is lost later, never a 500), /healthz unhealthy within its 5 s cache, one log entry per incident, and the app back
/// by itself when the database is.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Unavailable = "数据库暂时不可用";

    private int _probes;

    [EngineFact("sqlite")]
    public async Task Deleting_the_database_file_under_the_running_app_refuses_writes_and_creates_no_new_file()
    {
        var api = await StartAsync(new CrmAppFactory());
        var file = api.Factory.SqliteFile!;
        await api.Admin.CreateCustomerAsync(new { name = "删除前的客户" });

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }

        for (var i = 0; i < 12; i++)
        {
            var response = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"删除后的客户{i}" });
            await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, Unavailable);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        Assert.False(File.Exists(file), "the running app created a new, empty database file");
        await AssertHealthAsync(api, HttpStatusCode.ServiceUnavailable);
        AssertLoggedOnce(api.Factory.Logs);
        Assert.Contains(api.Factory.Logs.Entries, e => e.Message.Contains($"SQLite at {file}", StringComparison.Ordinal));
        await api.DisposeAsync();
    }

    [EngineFact("sqlite")]
    public async Task A_read_only_database_file_refuses_writes_with_503_until_it_is_writable_again_and_loses_nothing()
    {
        var api = await StartAsync(new CrmAppFactory());
        var file = api.Factory.SqliteFile!;
        var acknowledged = new List<long> { (await api.Admin.CreateCustomerAsync(new { name = "只读前的客户" })).Id() };
        var files = new[] { file, file + "-wal" };
        try
        {
            await MakeReadOnlyAsync(files, readOnly: true);

            // Reading still works, on a handle SQLite opens read-only (the pool was emptied so that one is opened now).
            // It stays in the pool: a write drawing it after the file is writable again must not fail.
            SqliteConnection.ClearAllPools();
            (await api.Admin.GetAsync("/api/v1/sales/customers")).EnsureSuccessStatusCode();
            for (var i = 0; i < 8; i++)
            {
                var response = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"只读时的客户{i}" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add((await response.ReadJsonAsync()).Id());
                    continue;
                }

                await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, Unavailable);
            }

            Assert.True(acknowledged.Count == 1, "a write to a read-only database was acknowledged");
            await AssertHealthAsync(api, HttpStatusCode.ServiceUnavailable);
            AssertLoggedOnce(api.Factory.Logs);
        }
        finally
        {
            await MakeReadOnlyAsync(files, readOnly: false);
        }

        acknowledged.Add((await api.Admin.CreateCustomerAsync(new { name = "恢复后的客户" })).Id());
        await AssertHealthAsync(api, HttpStatusCode.OK);
        foreach (var id in acknowledged)
        {
            await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{id}");
        }

        Assert.Contains(api.Factory.Logs.Entries, e => e.Message.StartsWith("Database available again", StringComparison.Ordinal));
        await api.DisposeAsync();
    }

    [EngineFact("postgres")]
    public async Task PostgreSQL_stopped_answers_503_and_the_app_recovers_by_itself_when_it_is_back()
    {
        using var cluster = await ThrowawayCluster.CreateAsync();
        var api = await StartAsync(new CrmAppFactory(cluster.ServerConnectionString));
        var acknowledged = new List<long> { (await api.Admin.CreateCustomerAsync(new { name = "停机前的客户" })).Id() };

        await cluster.StopAsync();
        for (var i = 0; i < 6; i++)
        {
            // From the fourth round on, the user's last session check has expired (UserSessionCache): the token itself
            // is checked against the stopped database, and that too is the one outage, not an error per request.
            using var later = i >= 3 ? api.Factory.Clock.Pin(DateTimeOffset.UtcNow.AddMinutes(1)) : null;
            var create = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"停机时的客户{i}" });
            await create.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, Unavailable);
            var list = await api.Admin.GetAsync("/api/v1/sales/customers");
            await list.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, Unavailable);
        }

        await AssertHealthAsync(api, HttpStatusCode.ServiceUnavailable);
        AssertLoggedOnce(api.Factory.Logs);

        await cluster.StartAsync();
        acknowledged.Add((await api.Admin.CreateCustomerAsync(new { name = "恢复后的客户" })).Id());
        await AssertHealthAsync(api, HttpStatusCode.OK);
        foreach (var id in acknowledged)
        {
            await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{id}");
        }

        await api.DisposeAsync();
    }

    private static async Task<ApiFixture> StartAsync(CrmAppFactory factory)
    {
        var api = new ApiFixture(factory);
        await api.InitializeAsync();
        return api;
    }

    /// <summary>/healthz keeps its answer 5 s: each look is 6 s after the previous one, as a probe's would be.</summary>
    private async Task AssertHealthAsync(ApiFixture api, HttpStatusCode expected)
    {
        using (api.Factory.Clock.Pin(DateTimeOffset.UtcNow.AddSeconds(6 * ++_probes)))
        {
            var response = await api.Anonymous().GetAsync("/healthz");
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            Assert.True(response.StatusCode == expected, $"/healthz → {(int)response.StatusCode} {status}");
        }
    }

    /// <summary>Twelve failed requests, one error in the log (and no stack trace per request).</summary>
    private static void AssertLoggedOnce(LogCapture logs)
    {
        var errors = logs.At(LogLevel.Error);
        Assert.True(errors.Count == 1, "expected one logged error per outage, got:\n" + string.Join('\n', errors.Select(e => $"{e.Category}: {e.Message}")));
        Assert.Contains("Database unavailable", errors[0].Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// As an operator would: chmod 0444, and, because root ignores permission bits, the immutable attribute as well
    /// (root is who runs the suite in CI).
    /// </summary>
    private static async Task MakeReadOnlyAsync(string[] files, bool readOnly)
    {
        foreach (var path in files.Where(File.Exists))
        {
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(path, readOnly ? FileAttributes.ReadOnly : FileAttributes.Normal);
                continue;
            }

            if (!readOnly)
            {
                await ChattrAsync("-i", path);
            }

            File.SetUnixFileMode(path, readOnly ? UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead : UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (readOnly)
            {
                await ChattrAsync("+i", path);
            }
        }
    }

    private static async Task ChattrAsync(string flag, string path)
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        using var chattr = Process.Start("chattr", [flag, path]);
        await chattr.WaitForExitAsync();
        Assert.Equal(0, chattr.ExitCode);
    }
}
