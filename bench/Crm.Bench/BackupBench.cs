using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Crm.Bench;

/// <summary>
/// Issue 11's figures: a backup through the API (POST /admin/backups, verified) while one client keeps reading the
/// default customer list page, then the documented restore command into a fresh database. Reports wall time, the
/// app's peak RSS during the backup, the restore process's peak RSS, and the list's p95 while the backup ran.
/// </summary>
internal static class BackupBench
{
    public static async Task<string> RunAsync(string repoRoot, string engine, string connectionString, int customers, string pgBin)
    {
        var folder = Path.Combine(repoRoot, "artifacts", "bench", $"backups-{engine}-{customers}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var settings = new Dictionary<string, string> { ["Backup__Directory"] = folder, ["Backup__Schedule"] = "off" };
        if (pgBin.Length > 0)
        {
            settings["Backup__PgDump"] = Path.Combine(pgBin, "pg_dump");
        }

        string file;
        double backupSeconds, copySeconds, checkSeconds, appPeakMb, appPeakAnonMb, listP95, listP50;
        int listRequests;
        await using (var app = await AppProcess.StartAsync(repoRoot, engine, connectionString, settings))
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(30) };
            var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = Loader.Password });
            login.EnsureSuccessStatusCode();
            http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
            for (var i = 0; i < 200; i++)
            {
                using var warm = await http.GetAsync("/api/v1/sales/customers?page=1&page_size=20");
            }

            using var done = new CancellationTokenSource();
            var latencies = new List<double>();
            var reader = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    var sw = Stopwatch.StartNew();
                    using var response = await http.GetAsync("/api/v1/sales/customers?page=1&page_size=20");
                    response.EnsureSuccessStatusCode();
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                    await Task.Delay(20);
                }
            });
            var peak = app.RssMegabytes();
            var peakAnon = app.AnonymousRssMegabytes();
            var sampler = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    peak = Math.Max(peak, app.RssMegabytes());
                    peakAnon = Math.Max(peakAnon, app.AnonymousRssMegabytes());
                    await Task.Delay(50);
                }
            });

            var started = DateTime.UtcNow;
            var watch = Stopwatch.StartNew();
            using var backup = await http.PostAsync("/api/v1/admin/backups", null);
            backupSeconds = watch.Elapsed.TotalSeconds;
            var ended = DateTime.UtcNow;
            var body = await backup.Content.ReadAsStringAsync();
            await done.CancelAsync();
            await Task.WhenAll(reader, sampler);
            if (!backup.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"backup failed: {(int)backup.StatusCode} {body}");
            }

            file = Path.Combine(folder, JsonDocument.Parse(body).RootElement.GetProperty("name").GetString()!);

            // The copy is the last write to the file (the check only reads it; the rename keeps the time).
            var written = File.GetLastWriteTimeUtc(file);
            copySeconds = (written - started).TotalSeconds;
            checkSeconds = (ended - written).TotalSeconds;
            appPeakMb = peak;
            appPeakAnonMb = peakAnon;
            latencies.Sort();
            listRequests = latencies.Count;
            listP50 = latencies[latencies.Count / 2];
            listP95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
        }

        // The restore command into a fresh, empty database of the same engine.
        string target;
        if (engine == "postgres")
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ToString();
            var database = $"crm_bench_restore_{customers}";
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await Loader.ExecAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await Loader.ExecAsync(admin, $"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0");
            target = new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ToString();
        }
        else
        {
            var path = Path.Combine(repoRoot, "artifacts", "bench", $"restore-{customers}.db");
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }

            target = $"Data Source={path}";
        }

        var dll = Path.Combine(repoRoot, "src", "Crm.Web", "bin", "Release", "net10.0", "Crm.Web.dll");
        var info = new ProcessStartInfo("/usr/bin/time", ["-f", "maxrss_kb=%M", "dotnet", dll, "restore", "--from", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["Database__Provider"] = engine == "postgres" ? "Postgres" : "Sqlite";
        info.Environment["ConnectionStrings__Crm"] = target;
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var restoreWatch = Stopwatch.StartNew();
        using var restore = Process.Start(info)!;
        var output = restore.StandardOutput.ReadToEndAsync();
        var errorRead = restore.StandardError.ReadToEndAsync();
        var restorePeakAnonMb = 0.0;
        while (!restore.HasExited)
        {
            restorePeakAnonMb = Math.Max(restorePeakAnonMb, ChildAnonymousRssMegabytes(restore.Id));
            await Task.Delay(50);
        }

        var error = await errorRead;
        await restore.WaitForExitAsync();
        var restoreSeconds = restoreWatch.Elapsed.TotalSeconds;
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"restore failed: {await output} {error}");
        }

        var restorePeakMb = long.Parse(error.Split("maxrss_kb=")[1].Trim(), CultureInfo.InvariantCulture) / 1024.0;
        var size = new FileInfo(file).Length / 1024.0 / 1024.0;
        var table = new StringBuilder();
        table.AppendLine($"### backup and restore, {engine}, {customers:N0} customers (backup file {size:F0} MB)");
        table.AppendLine();
        table.AppendLine("| step | seconds | peak RSS MB | of it anonymous MB |");
        table.AppendLine("|---|---:|---:|---:|");
        table.AppendLine($"| backup now (API, written + verified) | {backupSeconds:F1} | {appPeakMb:F0} (app) | {appPeakAnonMb:F0} |");
        table.AppendLine($"| restore command into an empty database | {restoreSeconds:F1} | {restorePeakMb:F0} (command) | {restorePeakAnonMb:F0} |");
        table.AppendLine();
        table.AppendLine($"Of the backup: until the file's last write (counts in the snapshot, copy) {copySeconds:F1} s; after it (check, counts of the copy) {checkSeconds:F1} s.");
        table.AppendLine("RSS counts the pages of a memory-mapped file the check reads (page cache, shared, dropped under pressure);");
        table.AppendLine("\"anonymous\" is the memory the process allocated itself.");
        table.AppendLine();
        table.AppendLine($"List page while the backup ran: {listRequests} requests, p50 {listP50:F1} ms, p95 {listP95:F1} ms.");
        return table.ToString();
    }

    /// <summary>RssAnon of the command /usr/bin/time started (its only child), 0 while there is none yet.</summary>
    private static double ChildAnonymousRssMegabytes(int timePid)
    {
        try
        {
            var children = File.ReadAllText($"/proc/{timePid}/task/{timePid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length == 0)
            {
                return 0;
            }

            var line = File.ReadLines($"/proc/{children[0]}/status").FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
