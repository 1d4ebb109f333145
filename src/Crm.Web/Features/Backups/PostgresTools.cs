using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Domain.Resources;
using Npgsql;

namespace Crm.Web.Features.Backups;

/// <summary>
/// pg_dump, pg_restore and psql for one database: found from Backup:PgDump (pg_restore and psql beside it, or on PATH
/// like it), run with the connection's host, port, user, password and database passed through PG* variables (never on
/// the command line, where other users could read the password).
/// </summary>
public sealed partial class PostgresTools(string connectionString, string pgDump)
{
    public string PgDump { get; } = pgDump;

    public string PgRestore { get; } = Sibling(pgDump, "pg_restore");

    public string Psql { get; } = Sibling(pgDump, "psql");

    public string Database { get; } = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";

    private static string Sibling(string tool, string name) =>
        Path.GetDirectoryName(tool) is { Length: > 0 } folder ? Path.Combine(folder, name) : name;

    /// <summary>Null when pg_dump is there and not older than the server; else why backups cannot run.</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        ToolResult version;
        try
        {
            version = await RunAsync(PgDump, ["--version"], ct);
        }
        catch (BackupFailedException ex)
        {
            return ex.Reason;
        }

        var match = VersionPattern().Match(version.Output);
        if (version.ExitCode != 0 || !match.Success)
        {
            return Messages.Format("PgDumpUnusable", PgDump, version.Error.Trim());
        }

        var toolMajor = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int serverMajor;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            serverMajor = connection.PostgreSqlVersion.Major;
        }
        catch (NpgsqlException)
        {
            return null; // the database check reports an unreachable server
        }

        return toolMajor < serverMajor ? Messages.Format("PgDumpTooOld", toolMajor, serverMajor) : null;
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    public sealed record ToolResult(int ExitCode, string Output, string Error);

    /// <summary>Runs a tool to its end; a tool that is not installed → <see cref="BackupFailedException"/>.</summary>
    public async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        using var process = Start(tool, arguments, redirectInput: false);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await WaitAsync(process, ct);
        return new ToolResult(process.ExitCode, await output, await error);
    }

    public Process Start(string tool, IReadOnlyList<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        info.Environment["PGHOST"] = builder.Host;
        info.Environment["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = builder.Database;
        info.Environment["PGUSER"] = builder.Username ?? Environment.UserName;
        info.Environment["PGPASSWORD"] = builder.Password ?? string.Empty;
        info.Environment["PGCONNECT_TIMEOUT"] = "30";
        try
        {
            return Process.Start(info) ?? throw new BackupFailedException(Messages.Format("PgToolMissing", tool));
        }
        catch (Win32Exception)
        {
            throw new BackupFailedException(Messages.Format("PgToolMissing", tool));
        }
    }

    /// <summary>Waits for the tool; cancelling kills it (a half-written file is then deleted by the caller).</summary>
    public static async Task WaitAsync(Process process, CancellationToken ct)
    {
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
