using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Data;

public static partial class DataSetup
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

            var prepared = PreparePostgres(connectionString);
            services.AddPooledDbContextFactory<PostgresCrmDbContext>((sp, o) =>
                Guarded(o.UseNpgsql(prepared, pg => pg.UseParameterizedCollectionMode(CollectionsAs)), sp));
            services.AddSingleton<IDbContextFactory<CrmDbContext>, CrmContextFactory<PostgresCrmDbContext>>();
            services.AddSingleton(sp =>
            {
                var options = (DbContextOptions<PostgresCrmDbContext>)Guarded(
                    new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql(
                        WithoutMultiplexing(prepared), pg => pg.UseParameterizedCollectionMode(CollectionsAs)),
                    sp).Options;
                return new SynchronousContexts(() => new PostgresCrmDbContext(options), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Crm.Domain.Common.BusinessTime>());
            });
        }
        else if (string.IsNullOrWhiteSpace(provider) || string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = PrepareSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString);
            if (SqliteFile(sqlite) is { } file)
            {
                services.AddSingleton(new SqliteDatabaseFile(file));
            }

            services.AddSingleton(new SqlitePageCache(Math.Max(1, configuration.GetValue("Crm:SqliteCacheMiB", 32))));
            services.AddPooledDbContextFactory<SqliteCrmDbContext>((sp, o) =>
                KeptSqliteRelationalConnection.KeepConnections(
                    Guarded(o.UseSqlite(sqlite, lite => lite.UseParameterizedCollectionMode(CollectionsAs)), sp)
                        .AddInterceptors(sp.GetRequiredService<SqlitePageCache>())));
            services.AddSingleton<IDbContextFactory<CrmDbContext>, CrmContextFactory<SqliteCrmDbContext>>();
            services.AddSingleton(sp => new SynchronousContexts(
                () => sp.GetRequiredService<IDbContextFactory<SqliteCrmDbContext>>().CreateDbContext(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<Crm.Domain.Common.BusinessTime>()));
        }
        else
        {
            throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite or Postgres.");
        }

        services.AddSingleton<DatabaseOutage>();
        services.AddSingleton(sp => new DatabaseGuard(sp.GetRequiredService<DatabaseOutage>(), sp.GetService<SqliteDatabaseFile>()));
        services.AddSingleton<Search.SearchTuning>();
        services.AddSingleton<Search.CountEstimate>();
        services.AddHostedService<Search.SearchReindex>();
        services.AddHostedService<CounterShardFold>();
        services.AddHostedService<Search.SearchIndexMerge>();
        return services;
    }

    /// <summary>
    /// A list in a query (a page's ids, the chosen grades) is one array-like parameter: json_each on SQLite, = ANY on
    /// PostgreSQL. EF 10's default, a parameter per element, writes the statement's SQL again on every call, because
    /// its text depends on the list's length (~40 µs a call for a page's tags, decision 0068).
    /// </summary>
    private const ParameterTranslationMode CollectionsAs = ParameterTranslationMode.Parameter;

    /// <summary>
    /// Every context goes through <see cref="DatabaseGuard"/>. EF Core's own error events are debug output: a failed
    /// operation is logged once where it is answered (the API's exception handler, a page's error handling), and an
    /// unavailable database once per incident by <see cref="DatabaseOutage"/>, not again per command and connection.
    /// </summary>
    private static DbContextOptionsBuilder Guarded(DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(services.GetRequiredService<DatabaseGuard>())
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)));

    /// <summary>
    /// Unless the connection string says otherwise: statements the app runs repeatedly are prepared on the server
    /// (parsed and planned once per connection), a connection returned to the pool is not reset, because the app
    /// never changes session state, and commands are multiplexed: the requests in flight share the connections that
    /// are open instead of each holding one (decision 0077). All three cut the server's work per request.
    /// </summary>
    internal static string PreparePostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!ContainsKey(connectionString, "Multiplexing"))
        {
            builder.Multiplexing = true;
        }

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

    /// <summary>The same connection without multiplexing, which refuses synchronous commands (<see cref="SynchronousContexts"/>).</summary>
    internal static string WithoutMultiplexing(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false }.ToString();

    private static bool ContainsKey(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => keys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// A relative file is taken from the working directory (where the README's command is typed), made absolute once so
    /// that nothing later depends on the current directory. The app opens the file read-write but never creates it
    /// (Mode=ReadWrite): only <see cref="MigrateAsync"/> creates it, at first start, before serving. A running app
    /// therefore cannot replace a deleted or moved database with an empty one. A busy database is waited for.
    /// </summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            SqliteFiles.Protect(full);
            builder.DataSource = full;
            if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
            {
                builder.Mode = SqliteOpenMode.ReadWrite;
            }
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    private static string? SqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.ReadWrite && Path.IsPathFullyQualified(builder.DataSource) ? builder.DataSource : null;
    }

    /// <summary>The one place a database file is created: at first start, before the app serves, with a log line saying where.</summary>
    private static async Task CreateSqliteFileIfMissingAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        if (services.GetService<SqliteDatabaseFile>() is not { } file || File.Exists(file.Path))
        {
            return;
        }

        LogCreating(logger, file.Path);
        var create = new SqliteConnectionStringBuilder { DataSource = file.Path, Mode = SqliteOpenMode.ReadWriteCreate };
        await using var connection = new SqliteConnection(create.ToString());
        await connection.OpenAsync(ct);
    }

    /// <summary>Applies migrations; WAL lets readers work while one writer saves (SQLite).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataSetup));
        await CreateSqliteFileIfMissingAsync(services, logger, ct);
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var location = Describe(db.IsPostgres, db.Database.GetConnectionString());
        LogDatabase(logger, db.IsPostgres ? "PostgreSQL" : "SQLite", location);
        if (!db.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Where the data is, without the password: the file on SQLite, host/port/database on PostgreSQL.</summary>
    private static string Describe(bool isPostgres, string? connectionString)
    {
        if (isPostgres)
        {
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"{pg.Host}:{pg.Port}/{pg.Database}";
        }

        return new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No database at {Path}: creating a new, empty one (first start).")]
    private static partial void LogCreating(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Engine} at {Location}")]
    private static partial void LogDatabase(ILogger logger, string engine, string location);

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

    /// <summary>
    /// A context for a read of several queries, its connection opened once for all of them: EF otherwise takes it from
    /// the pool and gives it back around each query (with the guard's checks each time). Disposing closes it as usual.
    /// </summary>
    public static async Task<CrmDbContext> OpenDbContextAsync(this IDbContextFactory<CrmDbContext> factory, CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
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
