using Crm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Security;

/// <summary>The SQLite database holds the signing key: it and its WAL/SHM are the app user's alone (issue 12: 0644).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DatabaseFileModeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crm-mode-").FullName;

    [Fact]
    public async Task A_new_database_and_its_wal_and_shm_are_created_readable_by_the_owner_only()
    {
        var path = Path.Combine(_dir, "data", "crm.db");
        await using (var services = Services($"Data Source={path}"))
        {
            await DataSetup.MigrateAsync(services);
            await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE probe(x); INSERT INTO probe VALUES (1);");

            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.True(File.Exists(file), file + " missing");
                Assert.Equal(SqliteFiles.OwnerOnly, File.GetUnixFileMode(file));
            }
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void An_existing_world_readable_database_is_tightened_at_start()
    {
        var path = Path.Combine(_dir, "old.db");
        File.WriteAllBytes(path, []);
        File.WriteAllBytes(path + "-wal", []);
        File.SetUnixFileMode(path, SqliteFiles.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(path + "-wal", SqliteFiles.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var services = Services($"Data Source={path}");

        Assert.Equal(SqliteFiles.OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(SqliteFiles.OwnerOnly, File.GetUnixFileMode(path + "-wal"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Crm"] = connectionString,
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSingleton(Crm.Domain.Common.BusinessTime.For(null)).AddCrmData(configuration).BuildServiceProvider();
    }
}
