using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Bench;
using Crm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// dotnet run -c Release --project bench/Crm.Bench -- --engine sqlite|postgres --customers N [--pg CONN] [--samples 200] [--reuse] [--load-only] [--ui] [--soak [--minutes 10] [--clients 64]] [--backup [--pg-bin DIR]] [--reassign] [--audit] [--excel [--rows 100000]] [--only TEXT] [--rounds 3]
var options = Args.Parse(args);
var repoRoot = Args.FindRepoRoot();
var engine = options.Get("engine", "sqlite");
var customers = int.Parse(options.Get("customers", "10000"), CultureInfo.InvariantCulture);
var samples = int.Parse(options.Get("samples", "200"), CultureInfo.InvariantCulture);
var reuse = options.Has("reuse");
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string connectionString;
if (engine == "postgres")
{
    var server = options.Get("pg", Environment.GetEnvironmentVariable("CRM_BENCH_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres");
    var database = $"crm_bench_{customers}";
    connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 200 }.ToString();
    await using var admin = new NpgsqlConnection(server);
    await admin.OpenAsync();
    var exists = await Scalar(admin, $"SELECT count(*) FROM pg_database WHERE datname = '{database}'") > 0;
    if (exists && !reuse)
    {
        await Loader.ExecAsync(admin, $"DROP DATABASE {database} WITH (FORCE)");
    }

    if (!exists || !reuse)
    {
        await Loader.ExecAsync(admin, $"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0");
        reuse = false;
    }
}
else
{
    var folder = Path.Combine(repoRoot, "artifacts", "bench");
    Directory.CreateDirectory(folder);
    var file = Path.Combine(folder, $"crm-{customers}.db");
    if (!reuse || !File.Exists(file))
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }

        reuse = false;
    }

    connectionString = $"Data Source={file}";
}

Console.Error.WriteLine($"engine {engine}, {customers:N0} customers");
if (!reuse)
{
    await MigrateAsync(engine, connectionString);
    await new Loader(engine, connectionString).LoadAsync(customers);
}

// SQLite's search indexes as the app's nightly merge leaves them (decision 0086): the load, like a day of saves, leaves
// them in many b-trees. Nothing to do once they are merged, or on PostgreSQL.
if (engine == "sqlite")
{
    await using var indexes = new SqliteConnection(connectionString);
    await indexes.OpenAsync();
    foreach (var ftsTable in Crm.Web.Data.Search.SearchIndexMerge.Tables)
    {
        var steps = await Crm.Web.Data.Search.SearchIndexMerge.MergeAsync(indexes, ftsTable, TimeSpan.Zero, TimeProvider.System, default);
        Console.Error.WriteLine($"  search index {ftsTable}: {(steps == 0 ? "one b-tree" : $"merged into one b-tree in {steps} steps")}");
    }
}

// --load-only: just leave the loaded database behind (for measuring by hand).
if (options.Has("load-only"))
{
    Console.WriteLine(connectionString);
    return 0;
}

// --backup: backup while list requests run, then a restore into a fresh database (time, peak memory, list p95).
if (options.Has("backup"))
{
    Console.WriteLine(await BackupBench.RunAsync(repoRoot, engine, connectionString, customers, options.Get("pg-bin", "")));
    return 0;
}

// --excel [--rows 100000]: import and export of that many customers next to the loader's rate (run with --customers 0).
if (options.Has("excel"))
{
    Console.WriteLine(await ExcelBench.RunAsync(repoRoot, engine, connectionString, new Loader(engine, connectionString), int.Parse(options.Get("rows", "100000"), CultureInfo.InvariantCulture)));
    return 0;
}

var loader = new Loader(engine, connectionString);
await using var app = await AppProcess.StartAsync(repoRoot, engine, connectionString);

// --ui: the app in a real browser (search, menu, charts, sign-in: issue 15 item 6) instead of the API scenarios;
// --only login|list|search|menu|stats runs those parts alone.
if (options.Has("ui"))
{
    Console.WriteLine($"### UI in chromium, {engine}, {customers:N0} customers");
    Console.WriteLine();
    Console.WriteLine(UiBench.Table(await UiBench.RunAsync(app.BaseUrl, Loader.Password, options.Get("only", ""))));
    return 0;
}

// --soak [--minutes 10] [--clients 64]: mixed traffic for a long time instead of the scenarios (bench/README.md).
if (options.Has("soak"))
{
    var soakToken = await LoginAsync(app.BaseUrl, "admin");
    var minutes = double.Parse(options.Get("minutes", "10"), CultureInfo.InvariantCulture);
    var clients = int.Parse(options.Get("clients", "64"), CultureInfo.InvariantCulture);
    var (soakTable, soakJson, passed) = await Soak.RunAsync(app, soakToken, customers, TimeSpan.FromMinutes(minutes), clients);
    Console.WriteLine($"### {engine}");
    Console.WriteLine(soakTable);
    var soakDir = Path.Combine(repoRoot, "bench", "results");
    Directory.CreateDirectory(soakDir);
    await File.WriteAllTextAsync(Path.Combine(soakDir, $"soak-{engine}-{customers}.json"), JsonSerializer.Serialize(soakJson, new JsonSerializerOptions { WriteIndented = true }));
    return passed ? 0 : 1;
}

await using var db = loader.Open();

// --audit: issue 9's audit cost (audited API writes next to raw SQL with and without the entry; a 1,000-entry history).
if (options.Has("audit"))
{
    using var auditAdmin = Scenarios.Client(app.BaseUrl, await LoginAsync(app.BaseUrl, "admin"));
    Console.WriteLine($"### audit trail cost, {engine}, {customers:N0} customers ({samples} samples after warm-up)");
    Console.WriteLine();
    Console.WriteLine(await AuditBench.RunAsync(auditAdmin, db, loader.IsPostgres, customers, samples));
    return 0;
}

// --reassign: the bulk reassignment of issue 9 instead of the read scenarios (it changes the data set's owners).
if (options.Has("reassign"))
{
    using var reassignAdmin = Scenarios.Client(app.BaseUrl, await LoginAsync(app.BaseUrl, "admin"));
    Console.WriteLine($"### bulk reassignment, {engine}, {customers:N0} customers");
    Console.WriteLine();
    Console.WriteLine("| scenario | customers | API ms | SQL ms | ratio | check |");
    Console.WriteLine("|---|---:|---:|---:|---:|---|");
    Console.WriteLine(await ReassignBench.RunAsync(reassignAdmin, db, customers));
    return 0;
}

var adminToken = await LoginAsync(app.BaseUrl, "admin");
var salesToken = await LoginAsync(app.BaseUrl, "sales07");
using var adminApi = Scenarios.Client(app.BaseUrl, adminToken);
using var salesApi = Scenarios.Client(app.BaseUrl, salesToken);
var detailId = Math.Max(1, customers / 2);

var rounds = int.Parse(options.Get("rounds", "3"), CultureInfo.InvariantCulture);
var scenarios = Scenarios.Build(loader.IsPostgres, detailId, salesId: 9);

// --only TEXT: just the scenarios whose name contains TEXT (e.g. 工作台; several as list|detail), and the HTTP floor; the table is
// printed, the results file of the full run is left as it was. The part "throughput" adds the throughput runs.
var only = options.Get("only", "");
var withThroughput = only.Length == 0 || only.Split('|').Contains("throughput");
if (only.Length > 0)
{
    var parts = only.Split('|', StringSplitOptions.RemoveEmptyEntries);
    scenarios = scenarios.Where(s => s.Name == Scenarios.FloorName || parts.Any(p => s.Name.Contains(p, StringComparison.Ordinal))).ToList();
}

// Warm the server as a day of use would: every endpoint past the JIT's tiering thresholds before measuring.
Console.Error.WriteLine("  warming up …");
foreach (var scenario in scenarios)
{
    var client = scenario.Role == "sales" ? salesApi : adminApi;
    for (var i = 0; i < 60; i++)
    {
        foreach (var path in scenario.ApiPaths)
        {
            using var response = await client.GetAsync(path);
        }
    }
}

await Task.Delay(1000);

// Each round measures every scenario once (warm-up, then the samples); the rounds follow one another, so that a burst
// of load from elsewhere on the machine spoils one round of a scenario rather than all of its samples. Round 0, with a
// quarter of the samples, is not counted: in it the JIT still recompiles the hot paths (its HTTP floor was 0.4–0.5 ms
// against 0.07–0.2 in the rounds after, and the app's lists up to 1 ms further above their SQL).
var perScenario = scenarios.ToDictionary(s => s.Name, _ => new List<Measured>());
for (var round = 0; round <= rounds; round++)
{
    foreach (var scenario in scenarios)
    {
        Console.Error.Write($"  round {round}{(round == 0 ? " (not counted)" : "")}: {scenario.Name} … ");
        var measured = await Scenarios.MeasureAsync(scenario, scenario.Role == "sales" ? salesApi : adminApi, db, round == 0 ? Math.Max(1, samples / 4) : samples);
        Console.Error.WriteLine($"api p50 {measured.ApiP50:F2} ms, sql p50 {measured.SqlP50:F2} ms{(measured.Same ? "" : "  RESULTS DIFFER " + measured.Note)}");
        if (round > 0)
        {
            perScenario[scenario.Name].Add(measured);
        }
    }
}

var results = scenarios.Select(s => new Rounds(s.Name, s.ApiPaths.Length, perScenario[s.Name])).ToList();

// A scenario's floor is the floor requested as often and after the same idle time as its own requests (MeasureAsync).
// The remainder is split by the app's own time (decision 0087): what the app's work adds beyond the floor's work and
// the query, and what the wait outside the app (wire, the client's threads) adds beyond the floor's wait.
static double FloorOf(Rounds m) => m.Name == Scenarios.FloorName ? m.ApiP50 : m.FloorP50;
static (double InApp, double Outside) Split(Rounds m) =>
    m.Name == Scenarios.FloorName
        ? (m.AppP50, m.ApiP50 - m.AppP50)
        : (m.AppP50 - m.FloorAppP50 - m.SqlP50, m.ApiP50 - m.AppP50 - (m.FloorP50 - m.FloorAppP50));

var throughput = !withThroughput ? [] : new List<(string Name, IReadOnlyList<double> Rps)>
{
    ("list default page", await Load.RunAsync(app.BaseUrl, adminToken, "/api/v1/sales/customers?page=1&page_size=20", rounds)),
    ("customer detail", await Load.RunAsync(app.BaseUrl, adminToken, $"/api/v1/sales/customers/{detailId}", rounds)),
};
var rss = app.RssMegabytes();

var machine = Machine.Describe(repoRoot);
var table = new StringBuilder();
table.AppendLine($"### {engine}, {customers:N0} customers ({rounds} rounds × {samples} samples after warm-up and an uncounted round; median of the round p50s, min–max of them in brackets)");
table.AppendLine();
table.AppendLine(machine);
table.AppendLine();
table.AppendLine("The API p50 is split into the HTTP floor, the SQL p50 and the remainder: what the app adds beyond both (EF,");
table.AppendLine("materialising, mapping, JSON of the real payload). Target: remainder ≤ 0.3 ms. A scenario's floor is the floor's");
table.AppendLine("request sent as often as the scenario's and after the same idle time (its SQL's). The remainder is split again by");
table.AppendLine("the app's own time (its Server-Timing p50): \"in the app\" is that time less the floor's and the SQL p50; \"outside\"");
table.AppendLine("is the rest, the wait on the wire and in the client beyond the floor's. On the floor's own row the two are its time");
table.AppendLine("in the app and outside it.");
table.AppendLine();
table.AppendLine("| scenario | API p50 ms | API p95 ms | SQL p50 ms | SQL p95 ms | floor ms | remainder ms | in the app ms | outside ms | p50 ratio | same rows |");
table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
foreach (var m in results)
{
    var isFloor = m.Name == Scenarios.FloorName;
    var floorPart = FloorOf(m);
    var remainder = isFloor ? 0 : m.ApiP50 - floorPart - m.SqlP50;
    var (inApp, outside) = Split(m);
    table.AppendLine($"| {m.Name} | {m.ApiP50:F2} ({m.ApiSpread.Min:F2}–{m.ApiSpread.Max:F2}) | {m.ApiP95:F2} | {m.SqlP50:F2} ({m.SqlSpread.Min:F2}–{m.SqlSpread.Max:F2}) | {m.SqlP95:F2} | {floorPart:F2} | {(isFloor ? "—" : remainder.ToString("F2", CultureInfo.InvariantCulture))} | {inApp:F2} | {outside:F2} | {(isFloor ? "—" : (m.ApiP50 / Math.Max(m.SqlP50, 0.001)).ToString("F2", CultureInfo.InvariantCulture) + "×")} | {(m.Same ? "yes" : "NO")} |");
}

table.AppendLine();
table.AppendLine($"| throughput (64 clients; median of {rounds} runs of 10 s, min–max in brackets) | req/s |");
table.AppendLine("|---|---:|");
foreach (var (name, rps) in throughput)
{
    table.AppendLine($"| {name} | {Rounds.Median(rps):F0} ({rps.Min():F0}–{rps.Max():F0}) |");
}

table.AppendLine();
table.AppendLine($"App RSS after the run: {rss:F0} MB");
Console.WriteLine(table.ToString());

var json = new
{
    engine,
    customers,
    machine,
    rounds,
    scenarios = results.Select(m => new
    {
        name = m.Name,
        api_p50_ms = Math.Round(m.ApiP50, 3),
        api_p50_round_ms = m.Each.Select(e => Math.Round(e.ApiP50, 3)),
        api_p95_ms = Math.Round(m.ApiP95, 3),
        sql_p50_ms = Math.Round(m.SqlP50, 3),
        sql_p50_round_ms = m.Each.Select(e => Math.Round(e.SqlP50, 3)),
        sql_p95_ms = Math.Round(m.SqlP95, 3),
        floor_ms = Math.Round(FloorOf(m), 3),
        app_p50_ms = Math.Round(m.AppP50, 3),
        in_app_ms = Math.Round(Split(m).InApp, 3),
        outside_ms = Math.Round(Split(m).Outside, 3),
        same_rows = m.Same,
    }),
    throughput = throughput.Select(t => new { name = t.Name, rps = Math.Round(Rounds.Median(t.Rps)), rps_runs = t.Rps.Select(r => Math.Round(r)) }),
    rss_mb = Math.Round(rss),
};
if (only.Length > 0)
{
    return 0;
}

var resultsDir = Path.Combine(repoRoot, "bench", "results");
Directory.CreateDirectory(resultsDir);
await File.WriteAllTextAsync(Path.Combine(resultsDir, $"{engine}-{customers}.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
return results.All(r => r.Same) ? 0 : 1;

static async Task MigrateAsync(string engine, string connectionString)
{
    if (engine == "postgres")
    {
        await using var pg = new PostgresCrmDbContext(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql(connectionString).Options);
        await pg.Database.MigrateAsync();
        return;
    }

    await using var sqlite = new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(connectionString).Options);
    await sqlite.Database.MigrateAsync();
    SqliteConnection.ClearAllPools();
}

static async Task<string> LoginAsync(string baseUrl, string username)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { username, password = Loader.Password });
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    return body.GetProperty("access_token").GetString()!;
}

static async Task<long> Scalar(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

/// <summary>What a figure depends on beyond the code: the CPU, how many cores, the runtime and the app's GC settings.</summary>
internal static class Machine
{
    public static string Describe(string repoRoot)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"Machine: {cpu ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, " +
               $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; app GC: {AppGc(repoRoot)}.";
    }

    /// <summary>
    /// The app's GC as its runtimeconfig.json and the DOTNET_ environment variables set it (the app is another process):
    /// the Web SDK's default is server GC, concurrent, with DATAS (dynamic adaptation) on since .NET 9.
    /// </summary>
    private static string AppGc(string repoRoot)
    {
        var config = Path.Combine(repoRoot, "src", "Crm.Web", "bin", "Release", "net10.0", "Crm.Web.runtimeconfig.json");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(config) && JsonDocument.Parse(File.ReadAllText(config)).RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var props))
        {
            foreach (var p in props.EnumerateObject())
            {
                properties[p.Name] = p.Value.ToString().ToLowerInvariant();
            }
        }

        string Setting(string property, string variable, string fallback) =>
            Environment.GetEnvironmentVariable(variable) is { } env ? env : properties.TryGetValue(property, out var v) ? v : fallback;

        var server = Setting("System.GC.Server", "DOTNET_gcServer", "false") is "true" or "1";
        var concurrent = Setting("System.GC.Concurrent", "DOTNET_gcConcurrent", "true") is "true" or "1";
        var datas = server && Setting("System.GC.DynamicAdaptationMode", "DOTNET_GCDynamicAdaptationMode", "1") == "1";
        return $"{(server ? "server" : "workstation")}, {(concurrent ? "concurrent" : "non-concurrent")}, DATAS {(datas ? "on" : "off")}";
    }
}

internal static class Load
{
    /// <summary>
    /// Requests per second at 64 concurrent connections in <paramref name="runs"/> runs of 10 s, after 20 s of the same
    /// load: wrk when installed, else an in-process client. The scenarios before it send one request at a time, so
    /// without the warm-up the measured seconds included opening ~60 database connections and preparing the
    /// statements on each (Npgsql prepares a statement on its 5th use per connection), which a server under load has
    /// long done. On the 2-core machine a freshly started app spent 2.4 ms of CPU per list request in the 10 s after a
    /// 10 s warm-up at 64 connections, and 0.75–0.9 ms in the runs after that, hence the warm-up's length; runs after
    /// it still differ by up to a fifth, hence several.
    /// </summary>
    public static async Task<IReadOnlyList<double>> RunAsync(string baseUrl, string token, string path, int runs)
    {
        await RequestsPerSecondAsync(baseUrl, token, path, seconds: 20);
        var rps = new List<double>();
        for (var run = 0; run < Math.Max(1, runs); run++)
        {
            rps.Add(await RequestsPerSecondAsync(baseUrl, token, path, seconds: 10));
            Console.Error.WriteLine($"  throughput run {run + 1}: {path} … {rps[^1]:F0} req/s");
        }

        return rps;
    }

    private static async Task<double> RequestsPerSecondAsync(string baseUrl, string token, string path, int seconds)
    {
        if (File.Exists("/usr/bin/wrk"))
        {
            var info = new ProcessStartInfo("/usr/bin/wrk", ["-t2", "-c64", $"-d{seconds}s", "-H", $"Authorization: Bearer {token}", baseUrl + path]) { RedirectStandardOutput = true };
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
            if (line is not null && !output.Contains("Non-2xx", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            }

            Console.Error.WriteLine("  wrk output was unusable:\n" + output);
        }

        using var client = Scenarios.Client(baseUrl, token);
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        long count = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            while (DateTime.UtcNow < stop)
            {
                using var response = await client.GetAsync(path);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref count);
            }
        }));
        return count / (double)seconds;
    }
}

internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Args Parse(string[] args)
    {
        var parsed = new Args();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var key = args[i][2..];
                var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                parsed._values[key] = value;
            }
        }

        return parsed;
    }

    public string Get(string key, string fallback) => _values.TryGetValue(key, out var value) ? value : fallback;

    public bool Has(string key) => _values.ContainsKey(key);

    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
