namespace Crm.Web.Data;

/// <summary>
/// The SQLite database holds the token signing key and every customer: only the app's user may read it (issue 12:
/// it was created 0644). SQLite creates the -wal and -shm files with the mode of the database file, so creating the
/// database 0600 before SQLite opens it covers all three; an existing database (and its WAL/SHM) is tightened at start.
/// </summary>
public static class SqliteFiles
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
}
