namespace Crm.Web.Data;

/// <summary>
/// The SQLite database holds the token signing key and every customer: only the app's user may read it (issue 12:
/// it was created 0644). SQLite creates the -wal and -shm files with the mode of the database file, so creating the
/// database 0600 before SQLite opens it covers all three; an existing database (and its WAL/SHM) is tightened at start.
/// </summary>
public static partial class SqliteFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Protect(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(databasePath))
        {
            using (new FileStream(databasePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            {
            }

            return;
        }

        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(file, OwnerOnly);
            }
        }
    }

    /// <summary>
    /// Asks the kernel (access(2)) whether the process may write the file, its WAL and its folder: no file is opened,
    /// because closing any descriptor of a SQLite file in this process would drop SQLite's own POSIX locks on it.
    /// </summary>
    public static string? UnwritablePath(string path)
    {
        if (!File.Exists(path))
        {
            return $"the database file {path} is missing";
        }

        if (OperatingSystem.IsWindows())
        {
            return new FileInfo(path).IsReadOnly ? $"the database file {path} is read-only" : null;
        }

        foreach (var candidate in new[] { path, path + "-wal", Path.GetDirectoryName(path)! })
        {
            if ((candidate == path || Path.Exists(candidate)) && Access(candidate, WriteOk) != 0)
            {
                return $"{candidate} is not writable";
            }
        }

        return null;
    }

    private const int WriteOk = 2;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "access", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
