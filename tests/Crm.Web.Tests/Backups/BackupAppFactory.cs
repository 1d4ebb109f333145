using System.Diagnostics;
using System.Security.Cryptography;
using Crm.Web.Data;
using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Web.Tests.Backups;

/// <summary>The app with backup settings of the test's choosing (the schedule off unless given), optionally a second host on another's database.</summary>
internal sealed class BackupAppFactory : CrmAppFactory
{
    private readonly Dictionary<string, string> _settings;

    public BackupAppFactory(Dictionary<string, string>? settings = null)
    {
        _settings = settings ?? [];
    }

    public BackupAppFactory(CrmAppFactory sameDatabase, Dictionary<string, string>? settings = null)
        : base(sameDatabase)
    {
        _settings = settings ?? [];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Backup:Schedule", "off");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public BackupScheduler Scheduler => Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<BackupScheduler>().Single();

    public async Task<CrmDbContext> DbAsync() => await Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
}

/// <summary>What the backup tests check on a database and on files, the same way on both engines.</summary>
internal static class BackupChecks
{
    /// <summary>
    /// What a user would see change in the database: the SQLite file's bytes (main file and WAL), or on PostgreSQL
    /// every table's rows (the server's files are not ours to read).
    /// </summary>
    public static async Task<string> FingerprintAsync(CrmAppFactory factory)
    {
        if (!factory.IsPostgres)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;
            return string.Join(",", new[] { file, file + "-wal" }.Where(File.Exists)
                .Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));
        }

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var parts = new List<string>();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM public.\"{table}\" t", connection);
            parts.Add($"{table}:{await rows.ExecuteScalarAsync()}");
        }

        return string.Join(",", parts);
    }

    /// <summary>The customer counters per owner equal a recount of the customers.</summary>
    public static async Task AssertCountersMatchRecountAsync(BackupAppFactory factory)
    {
        await using var db = await factory.DbAsync();
        var counted = (await db.Customers.GroupBy(c => c.SalesOwnerId).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync())
            .Where(g => g.N > 0).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.N}");
        var counters = (await db.CustomerCounters.GroupBy(c => c.SalesOwnerId).Select(g => new { g.Key, N = g.Sum(c => c.Customers) }).ToListAsync())
            .Where(g => g.N > 0).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.N}");
        Assert.Equal(string.Join(",", counted), string.Join(",", counters));
    }

    public static void AssertOwnerOnly(string path, UnixFileMode expected)
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(expected, File.GetUnixFileMode(path));
        }
    }

    /// <summary>The built app (src/Crm.Web's Crm.Web.dll of the tests' configuration) run as `dotnet Crm.Web.dll ARGS` on the factory's database.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(CrmAppFactory factory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "src", "Crm.Web", "bin", configuration, "net10.0", "Crm.Web.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Database__Provider"] = factory.IsPostgres ? "Postgres" : "Sqlite";
        info.Environment["ConnectionStrings__Crm"] = factory.ConnectionString;
        info.Environment["Backup__Directory"] = factory.BackupDirectory;
        info.Environment["Backup__PgDump"] = CrmAppFactory.PgDump;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    public static string[] BackupNames(CrmAppFactory factory) => BackupFiles.List(factory.BackupDirectory).Select(f => f.Name).ToArray();
}
