using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Web.Features.Backups;

/// <summary>
/// The backup folder: the names the app gives its files (crm-yyyyMMddTHHmmssZ[-kind].db|.dump, the UTC time of the
/// backup), the one check that turns a name from a request into a path inside the folder, the owner-only modes every
/// backup file and the folder get, and retention.
/// </summary>
public static partial class BackupFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [GeneratedRegex(@"^crm-(?<at>\d{8}T\d{6}Z)(?<kind>-[a-z0-9]+(?:-[a-z0-9]+)*)?(?<n>~\d{1,3})?\.(?<ext>db|dump)$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>The file name for a backup taken at <paramref name="utc"/>; <paramref name="kind"/> marks the ones a person did not ask for.</summary>
    public static string NameFor(DateTime utc, string? kind, string extension) =>
        $"crm-{utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}{(kind is null ? "" : "-" + kind)}{extension}";

    /// <summary>True when <paramref name="name"/> is a bare backup file name the app could have written (no folder, no "..").</summary>
    public static bool IsBackupName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>When the backup was taken, read from its name (UTC).</summary>
    public static DateTime TakenAt(string name)
    {
        var match = NamePattern().Match(name);
        return DateTime.ParseExact(match.Groups["at"].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    public static string EngineOf(string name) => name.EndsWith(".dump", StringComparison.Ordinal) ? "postgres" : "sqlite";

    /// <summary>
    /// The path of an existing backup in <paramref name="folder"/>: a name that is not a backup name (a path, "..",
    /// another folder) → 400; a good name that is not there → 404.
    /// </summary>
    public static string Resolve(string folder, string? name)
    {
        if (!IsBackupName(name))
        {
            throw ValidationErrors.Failure("name", Messages.Get("BackupNameInvalid"));
        }

        var path = Path.Combine(folder, name!);
        if (!File.Exists(path) || Path.GetDirectoryName(Path.GetFullPath(path)) != Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))
        {
            throw new NotFoundException(Messages.Get("BackupNotFound"));
        }

        return path;
    }

    /// <summary>The backups in the folder, newest first (files with other names are not the app's and are left alone).</summary>
    public static IReadOnlyList<FileInfo> List(string folder) =>
        System.IO.Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("crm-*").Where(f => IsBackupName(f.Name))
                .OrderByDescending(f => TakenAt(f.Name)).ThenByDescending(f => f.Name, StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Creates the folder readable by the app's user only (existing folders keep their mode).</summary>
    public static void EnsureFolder(string folder)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(folder);
            }
            else
            {
                System.IO.Directory.CreateDirectory(folder, FolderMode);
            }
        }
    }

    /// <summary>An empty file only the app's user may read, for the backup to be written into.</summary>
    public static void CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using var stream = new FileStream(path, options);
    }

    /// <summary>A name not yet taken in the folder: a second backup in the same second gets ~2, ~3 …</summary>
    public static string FreeName(string folder, DateTime utc, string? kind, string extension)
    {
        var name = NameFor(utc, kind, extension);
        for (var n = 2; File.Exists(Path.Combine(folder, name)); n++)
        {
            name = NameFor(utc, kind, $"~{n}{extension}");
        }

        return name;
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> backups; returns the names deleted.</summary>
    public static IReadOnlyList<string> Prune(string folder, int keep)
    {
        var deleted = new List<string>();
        foreach (var file in List(folder).Skip(keep))
        {
            file.Delete();
            deleted.Add(file.Name);
        }

        return deleted;
    }
}
