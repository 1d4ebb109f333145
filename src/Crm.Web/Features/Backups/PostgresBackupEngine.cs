using System.Text;
using Crm.Domain.Resources;
using Npgsql;

namespace Crm.Web.Features.Backups;

/// <summary>
/// PostgreSQL: pg_dump --format=custom (one consistent snapshot while the app keeps writing), verified by
/// pg_restore --list (the table of contents names every table's data) and by reading the whole file once, so a file
/// cut short is caught. A restore replays the dump through psql inside one transaction, after the old schema is
/// dropped in that same transaction: it happens whole or not at all.
/// </summary>
public sealed class PostgresBackupEngine(string connectionString, PostgresTools tools) : IBackupEngine
{
    private static readonly string[] UserDataTables = ["customers", "contacts", "customer_tags", "follow_ups"];

    public string Name => "postgres";

    public string Extension => ".dump";

    public string? DatabaseFile => null;

    public PostgresTools Tools => tools;

    public async Task WriteVerifiedAsync(string path, CancellationToken ct)
    {
        var dump = await tools.RunAsync(tools.PgDump, ["--format=custom", "--no-password", "--file=" + path], ct);
        if (dump.ExitCode != 0)
        {
            throw new BackupFailedException(Messages.Format("PgToolFailed", "pg_dump", dump.ExitCode, dump.Error.Trim()));
        }

        try
        {
            await CheckDumpAsync(path, ct);
        }
        catch (BackupFileInvalidException ex)
        {
            throw new BackupFailedException(ex.Message);
        }
    }

    /// <summary>The table of contents lists the app's tables' data, and the whole file reads to its end.</summary>
    private async Task CheckDumpAsync(string file, CancellationToken ct)
    {
        var list = await tools.RunAsync(tools.PgRestore, ["--list", file], ct);
        if (list.ExitCode != 0)
        {
            throw new BackupFileInvalidException(list.Error.Trim());
        }

        if (!list.Output.Contains(" TABLE DATA public customers ", StringComparison.Ordinal)
            || !list.Output.Contains(" TABLE DATA public __EFMigrationsHistory ", StringComparison.Ordinal))
        {
            throw new BackupFileInvalidException(Messages.Get("BackupNotCrm"));
        }

        var read = await tools.RunAsync(tools.PgRestore, ["--file=" + (OperatingSystem.IsWindows() ? "NUL" : "/dev/null"), file], ct);
        if (read.ExitCode != 0)
        {
            throw new BackupFileInvalidException(read.Error.Trim());
        }
    }

    public async Task ValidateAsync(string file, IReadOnlySet<string> knownMigrations, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new BackupFileInvalidException(Messages.Format("BackupFileMissing", file));
        }

        var header = new byte[5];
        await using (var stream = File.OpenRead(file))
        {
            if (await stream.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, ct) != 5 || !header.AsSpan().SequenceEqual("PGDMP"u8))
            {
                throw new BackupFileInvalidException(Messages.Format("BackupNotOfEngine", "PostgreSQL"));
            }
        }

        try
        {
            await CheckDumpAsync(file, ct);
            var history = await tools.RunAsync(tools.PgRestore, ["--data-only", "--table=__EFMigrationsHistory", "--file=-", file], ct);
            if (history.ExitCode != 0)
            {
                throw new BackupFileInvalidException(history.Error.Trim());
            }

            foreach (var migration in MigrationIds(history.Output))
            {
                if (!knownMigrations.Contains(migration))
                {
                    throw new BackupFileInvalidException(Messages.Format("BackupSchemaNewer", migration));
                }
            }
        }
        catch (BackupFailedException ex)
        {
            throw new BackupFileInvalidException(ex.Reason);
        }
    }

    /// <summary>The first column of the COPY block of the migrations history in a plain-text restore script.</summary>
    private static IEnumerable<string> MigrationIds(string script)
    {
        var inCopy = false;
        foreach (var line in script.Split('\n'))
        {
            if (!inCopy)
            {
                inCopy = line.StartsWith("COPY public.\"__EFMigrationsHistory\"", StringComparison.Ordinal);
            }
            else if (line == "\\.")
            {
                yield break;
            }
            else
            {
                yield return line.Split('\t')[0];
            }
        }
    }

    public async Task<bool> HasDataAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var table in UserDataTables)
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT to_regclass('public.{table}') IS NOT NULL";
            if (await exists.ExecuteScalarAsync(ct) is true)
            {
                await using var any = connection.CreateCommand();
                any.CommandText = $"SELECT EXISTS (SELECT 1 FROM public.{table})";
                if (await any.ExecuteScalarAsync(ct) is true)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public async Task RestoreAsync(string file, CancellationToken ct)
    {
        using var psql = tools.Start(tools.Psql, ["-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1", "-f", "-"], redirectInput: true);
        var psqlOutput = psql.StandardOutput.ReadToEndAsync(ct);
        var psqlError = psql.StandardError.ReadToEndAsync(ct);
        var input = psql.StandardInput.BaseStream;
        await input.WriteAsync(Encoding.UTF8.GetBytes("BEGIN;\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"), ct);

        using var script = tools.Start(tools.PgRestore, ["--no-owner", "--no-privileges", "--file=-", file], redirectInput: false);
        var restoreError = script.StandardError.ReadToEndAsync(ct);
        try
        {
            await script.StandardOutput.BaseStream.CopyToAsync(input, ct);
            await PostgresTools.WaitAsync(script, ct);

            // COMMIT only after the whole script came through; otherwise psql ends without it and the server rolls back.
            if (script.ExitCode == 0)
            {
                await input.WriteAsync("COMMIT;\n"u8.ToArray(), ct);
            }
        }
        catch (IOException)
        {
            // psql stopped reading: it hit an error (ON_ERROR_STOP) and is rolling back; its message follows below.
        }
        finally
        {
            input.Close();
        }

        await PostgresTools.WaitAsync(psql, ct);
        await psqlOutput;
        if (script.ExitCode != 0)
        {
            throw new BackupFailedException(Messages.Format("PgToolFailed", "pg_restore", script.ExitCode, (await restoreError).Trim()));
        }

        if (psql.ExitCode != 0)
        {
            throw new BackupFailedException(Messages.Format("PgToolFailed", "psql", psql.ExitCode, (await psqlError).Trim()));
        }

        NpgsqlConnection.ClearAllPools();
    }
}
