using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Backups;

/// <summary>The configured database as the backups see it: its engine's backup code, its connection and the backup folder.</summary>
public sealed class BackupTarget
{
    public BackupTarget(IDbContextFactory<CrmDbContext> dbFactory, BackupSettings settings)
    {
        using var db = dbFactory.CreateDbContext();
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database has no connection string.");
        IsPostgres = db.IsPostgres;
        // The backups open connections of their own, some unpooled, which multiplexing does not allow (decision 0077).
        ConnectionString = IsPostgres ? DataSetup.WithoutMultiplexing(connectionString) : connectionString;
        Engine = IsPostgres
            ? new PostgresBackupEngine(ConnectionString, new PostgresTools(ConnectionString, settings.PgDump))
            : new SqliteBackupEngine(ConnectionString);
        Folder = settings.DirectoryFor(Engine.DatabaseFile);
        KnownMigrations = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
    }

    public IBackupEngine Engine { get; }

    public string ConnectionString { get; }

    public bool IsPostgres { get; }

    public string Folder { get; }

    /// <summary>Every migration this build of the app knows: a backup with any other is from a newer app.</summary>
    public IReadOnlySet<string> KnownMigrations { get; }
}
