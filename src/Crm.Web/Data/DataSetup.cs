using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Web.Data;

public static class DataSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/crm.db";

    /// <summary>Registers the context factory for the configured engine (Database:Provider = Sqlite | Postgres) and the search tuning.</summary>
    public static IServiceCollection AddCrmData(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"];
        var connectionString = configuration.GetConnectionString("Crm");

        if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
            || string.Equals(provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Crm is not set.");
            }

            services.AddPooledDbContextFactory<PostgresCrmDbContext>(o => o.UseNpgsql(PreparePostgres(connectionString)));
            services.AddSingleton<IDbContextFactory<CrmDbContext>, CrmContextFactory<PostgresCrmDbContext>>();
        }
        else if (string.IsNullOrWhiteSpace(provider) || string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = PrepareSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString);
            services.AddPooledDbContextFactory<SqliteCrmDbContext>(o => o.UseSqlite(sqlite));
            services.AddSingleton<IDbContextFactory<CrmDbContext>, CrmContextFactory<SqliteCrmDbContext>>();
        }
        else
        {
            throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite or Postgres.");
        }

        services.AddSingleton<Search.SearchTuning>();
        return services;
    }

    /// <summary>
    /// Unless the connection string says otherwise: statements the app runs repeatedly are prepared on the server
    /// (parsed and planned once per connection), and a connection returned to the pool is not reset, because the app
    /// never changes session state. Both cut the server's work per request.
    /// </summary>
    internal static string PreparePostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!ContainsKey(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!ContainsKey(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ToString();
    }

    private static bool ContainsKey(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => keys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Creates the database folder and waits on a busy database instead of failing at once.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:")
        {
            var full = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>Applies migrations; WAL lets readers work while one writer saves (SQLite).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!db.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await db.Database.MigrateAsync(ct);
    }

    private sealed class CrmContextFactory<T>(IDbContextFactory<T> inner, TimeProvider clock, Crm.Domain.Common.BusinessTime time) : IDbContextFactory<CrmDbContext>
        where T : CrmDbContext
    {
        public CrmDbContext CreateDbContext()
        {
            var db = inner.CreateDbContext();
            db.PrepareAudit(clock, time);
            return db;
        }
    }

    /// <summary>A short-lived context whose saves are recorded in the audit trail as done by <paramref name="actor"/>.</summary>
    public static async Task<CrmDbContext> CreateDbContextAsync(this IDbContextFactory<CrmDbContext> factory, Crm.Domain.Users.Actor actor, CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.AuditAs(new Audit.AuditActor(actor.UserId));
        return db;
    }
}

/// <summary>Lets `dotnet ef` build each engine's model without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCrmDbContext>
{
    public SqliteCrmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(DataSetup.DefaultSqliteConnection).Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCrmDbContext>
{
    public PostgresCrmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql("Host=localhost;Database=crm").Options);
}
