namespace Crm.Web.Tests.Infrastructure;

/// <summary>Where the repository is, for tests that read its source, project and resource files.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Crm.slnx not found above " + AppContext.BaseDirectory);
    }
}
