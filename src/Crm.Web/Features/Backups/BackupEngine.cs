using Crm.Domain.Resources;

namespace Crm.Web.Features.Backups;

/// <summary>How one database engine writes a verified backup, checks a file before a restore, and restores it.</summary>
public interface IBackupEngine
{
    /// <summary>sqlite or postgres, as the API reports it.</summary>
    string Name { get; }

    /// <summary>.db or .dump.</summary>
    string Extension { get; }

    /// <summary>The SQLite file (null for PostgreSQL): the default backup folder is next to it.</summary>
    string? DatabaseFile { get; }

    /// <summary>Writes a consistent copy of the live database into <paramref name="path"/> (an existing empty file) and verifies it; throws <see cref="BackupFailedException"/>.</summary>
    Task WriteVerifiedAsync(string path, CancellationToken ct);

    /// <summary>
    /// Reads the whole file without touching the database: a backup of this engine, intact, of a schema the app knows
    /// (its migrations are all among <paramref name="knownMigrations"/>). Throws <see cref="BackupFileInvalidException"/>.
    /// </summary>
    Task ValidateAsync(string file, IReadOnlySet<string> knownMigrations, CancellationToken ct);

    /// <summary>True when the database holds anything a user saved (customers, contacts, tags or follow-ups).</summary>
    Task<bool> HasDataAsync(CancellationToken ct);

    /// <summary>Replaces the database's content by the (validated) backup, in one step that either happens whole or not at all.</summary>
    Task RestoreAsync(string file, CancellationToken ct);
}

/// <summary>A backup could not be written or did not verify; nothing was kept.</summary>
public sealed class BackupFailedException(string reason, Exception? inner = null)
    : Exception(Messages.Format("BackupFailed", reason), inner)
{
    public string Reason { get; } = reason;
}

/// <summary>A file given to restore is not a usable backup; the database was not touched.</summary>
public sealed class BackupFileInvalidException(string reason) : Exception(Messages.Format("BackupFileInvalid", reason));
