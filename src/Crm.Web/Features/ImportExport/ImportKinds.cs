namespace Crm.Web.Features.ImportExport;

/// <summary>What an import brought in (the history's kind column).</summary>
public static class ImportKinds
{
    public const string Customers = "customers";
    public const string Contacts = "contacts";
}

/// <summary>Where an import stands (the history's status column).</summary>
public static class ImportStatus
{
    /// <summary>A dry run without errors.</summary>
    public const string Checked = "checked";

    /// <summary>Errors were found: nothing was written.</summary>
    public const string Failed = "failed";

    /// <summary>A background import that has started (ImportJobs); its progress is in ImportProgress.</summary>
    public const string Running = "running";

    /// <summary>A background import that stopped before it finished (the app stopped, or it failed): nothing was written.</summary>
    public const string Interrupted = "interrupted";

    public const string Imported = "imported";
    public const string Reverted = "reverted";
}

/// <summary>The uploaded file's name as the history shows it: no path, at most 255 characters.</summary>
public static class ImportFileName
{
    public static string Clean(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            name = "upload";
        }

        return name.Length > 255 ? name[..255] : name;
    }
}
