using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Data;

namespace Crm.Web.Features.Backups;

/// <summary>
/// `backup --out FILE` and `restore --from FILE [--force]`: the app's own settings (appsettings, environment, the other
/// command-line arguments), no web server, one line of result (stdout on success, stderr on failure) and an exit code:
/// 0 done, 1 failed (the database untouched), 2 wrong arguments.
/// </summary>
public static class BackupCommand
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "backup" or "restore";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var verb, out var file, out var force, out var rest))
        {
            await Console.Error.WriteLineAsync(Messages.Get("BackupCommandUsage"));
            return 2;
        }

        var builder = WebApplication.CreateBuilder(rest);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(BusinessTime.For(builder.Configuration["Crm:TimeZone"]));
        builder.Services.AddCrmData(builder.Configuration).AddBackupCore();
        await using var app = builder.Build();
        try
        {
            if (verb == "backup")
            {
                var result = await app.Services.GetRequiredService<TakeBackup>().RunAsync(BackupKind.CommandLine, outFile: file);
                Console.WriteLine(Messages.Format("BackupCommandDone", result!.Path, result.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)));
            }
            else
            {
                var replaced = await app.Services.GetRequiredService<RestoreBackup>().HandleAsync(file, force, CancellationToken.None);
                Console.WriteLine(replaced is null
                    ? Messages.Format("RestoreCommandDone", Path.GetFullPath(file))
                    : Messages.Format("RestoreCommandDoneReplaced", Path.GetFullPath(file), replaced.Path));
            }

            return 0;
        }
        catch (Exception ex) when (ex is BackupFailedException or BackupFileInvalidException or RestoreRefusedException or ConflictException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static bool TryParse(string[] args, out string verb, out string file, out bool force, out string[] rest)
    {
        verb = args[0];
        file = string.Empty;
        force = false;
        var others = new List<string>();
        var option = verb == "backup" ? "--out" : "--from";
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == option && i + 1 < args.Length)
            {
                file = args[++i];
            }
            else if (args[i] == "--force" && verb == "restore")
            {
                force = true;
            }
            else
            {
                others.Add(args[i]);
            }
        }

        rest = [.. others];
        return file.Length > 0;
    }
}
