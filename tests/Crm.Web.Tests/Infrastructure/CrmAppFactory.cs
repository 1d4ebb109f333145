using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// The app on a fresh database of the engine chosen by CRM_TEST_DB (sqlite, the default, or postgres with
/// CRM_TEST_PG as the server connection string). scripts/test.sh runs the suite once per engine.
/// </summary>
public class CrmAppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin#12345";

    private readonly string _provider;
    private readonly string _connectionString;
    private readonly string? _sqliteFile;
    private readonly string? _pgDatabase;
    private readonly string? _pgServer;
    private readonly bool _ownsDatabase = true;

    public CrmAppFactory()
        : this((string?)null)
    {
    }

    /// <summary>On PostgreSQL, <paramref name="pgServer"/> picks another server than CRM_TEST_PG (a test's own cluster).</summary>
    public CrmAppFactory(string? pgServer)
    {
        var engine = Environment.GetEnvironmentVariable("CRM_TEST_DB") ?? "sqlite";
        if (engine.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            _pgServer = pgServer ?? Environment.GetEnvironmentVariable("CRM_TEST_PG")
                ?? throw new InvalidOperationException("CRM_TEST_DB=postgres needs CRM_TEST_PG (a server connection string).");
            _pgDatabase = "crm_test_" + Guid.NewGuid().ToString("N")[..12];
            using (var connection = new NpgsqlConnection(_pgServer))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"CREATE DATABASE {_pgDatabase} ENCODING 'UTF8' TEMPLATE template0";
                command.ExecuteNonQuery();
            }

            _provider = "Postgres";
            _connectionString = new NpgsqlConnectionStringBuilder(_pgServer) { Database = _pgDatabase, MaxPoolSize = 200 }.ToString();
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"crm-test-{Guid.NewGuid():N}.db");
            _provider = "Sqlite";
            _connectionString = $"Data Source={_sqliteFile}";
        }
    }

    /// <summary>A second app host on the same database (several instances behind a load balancer); its own backup folder.</summary>
    protected CrmAppFactory(CrmAppFactory sameDatabase)
    {
        _provider = sameDatabase._provider;
        _connectionString = sameDatabase._connectionString;
        _ownsDatabase = false;
    }

    public bool IsPostgres => _provider == "Postgres";

    public string ConnectionString => _connectionString;

    /// <summary>This host's backup folder (Backup:Directory), deleted with the factory.</summary>
    public string BackupDirectory { get; } = Path.Combine(Path.GetTempPath(), $"crm-test-backups-{Guid.NewGuid():N}");

    /// <summary>pg_dump of the test cluster's own bin folder (CRM_TEST_PG_BIN, set by scripts/test.sh), else the one on PATH.</summary>
    public static string PgDump =>
        Environment.GetEnvironmentVariable("CRM_TEST_PG_BIN") is { Length: > 0 } bin ? Path.Combine(bin, "pg_dump") : "pg_dump";

    public TestClock Clock { get; } = new();

    /// <summary>Every log entry the app wrote: what the configured levels print, and the app's own categories (Crm.*) from Information.</summary>
    public LogCapture Logs { get; } = new();

    internal string Provider => _provider;

    /// <summary>The SQLite database file (null on PostgreSQL).</summary>
    public string? SqliteFile => _sqliteFile;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _provider);
        builder.UseSetting("ConnectionStrings:Crm", _connectionString);
        builder.UseSetting("Admin:UserName", "admin");
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");

        // The suites sign in hundreds of times from one address; LoginAbuseTests check the limits themselves.
        builder.UseSetting("Crm:LoginLimits:PerIpPerMinute", "1000000");
        builder.UseSetting("Crm:LoginLimits:PerAccountPerMinute", "1000000");
        // Folding the counters' shards (decision 0070) is run by the tests that check it, not in the background.
        builder.UseSetting("Crm:CounterFoldSeconds", "0");
        // Likewise the nightly search index merge (decision 0086): the test clock may stand at its hour.
        builder.UseSetting("Crm:SearchMergeSchedule", "off");
        builder.UseSetting("Backup:Directory", BackupDirectory);
        builder.UseSetting("Backup:PgDump", PgDump);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(o => o.AddFilter<LogCapture>("Crm", LogLevel.Information));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (Directory.Exists(BackupDirectory))
        {
            Directory.Delete(BackupDirectory, recursive: true);
        }

        if (!_ownsDatabase)
        {
            return;
        }

        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }

        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_pgServer);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>Real time unless a test pins it; tests that pin it must reset it.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? _pinned;

    public override DateTimeOffset GetUtcNow() => _pinned ?? DateTimeOffset.UtcNow;

    public IDisposable Pin(DateTimeOffset instant)
    {
        _pinned = instant;
        return new Reset(this);
    }

    private sealed class Reset(TestClock clock) : IDisposable
    {
        public void Dispose() => clock._pinned = null;
    }
}
