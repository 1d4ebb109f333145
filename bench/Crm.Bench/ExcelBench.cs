using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Crm.Domain.Customers;
using MiniExcelLibs;

namespace Crm.Bench;

/// <summary>
/// --excel [--rows 100000]: the import and export of issue 10 on an empty customer book, next to the bench loader's own
/// insert rate for the same customer and tag rows on the same engine in the same run (decision 0045).
/// </summary>
internal static class ExcelBench
{
    public static async Task<string> RunAsync(string repoRoot, string engine, string connectionString, Loader loader, int rows)
    {
        var generator = new DataGenerator(20261203);
        var data = Enumerable.Range(1, rows).Select(i =>
        {
            var (name, shortName, industry) = generator.CompanyName();
            var status = generator.Pick(DataGenerator.Statuses);
            long? revenue = generator.Next(10) < 8 ? generator.Next(300_000) * 1000L : null;
            int? years = generator.Next(10) < 8 ? generator.Next(12) : null;
            var tags = (DataGenerator.Tags[i % DataGenerator.Tags.Length], DataGenerator.Tags[(i + 3) % DataGenerator.Tags.Length]);
            return new Row($"{name}{i:D6}", shortName, industry, generator.Pick(["小型", "中型", "大型"]), generator.Pick(DataGenerator.Cities) + "市工业园区" + generator.Next(300) + "号",
                status, revenue, years, $"sales{1 + (i % Loader.SalesCount):D2}", 2 + (i % Loader.SalesCount), tags.Item1, tags.Item2);
        }).ToList();

        // 1. The loader's rate: the same customers and tags through its bulk path, then removed again.
        var loaderSeconds = await LoaderInsertAsync(loader, data);

        // 2. The file a user would upload.
        byte[] file;
        using (var stream = new MemoryStream())
        {
            stream.SaveAs(data.Select(r => new Dictionary<string, object?>
            {
                ["客户名称*"] = r.Name,
                ["客户简称"] = r.Short,
                ["所属行业"] = r.Industry,
                ["企业规模"] = r.Scale,
                ["详细地址"] = r.Address,
                ["负责销售"] = r.Owner,
                ["客户状态"] = r.Status,
                ["年成交额"] = r.RevenueFen / 100m,
                ["合作年限"] = r.Years,
                ["标签"] = $"{r.Tag1}、{r.Tag2}",
            }));
            file = stream.ToArray();
        }

        // The import logs where its time goes, phase by phase (ImportTimings): shown on the bench's stderr.
        await using var app = await AppProcess.StartAsync(repoRoot, engine, connectionString, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Crm.Web.Features.ImportExport"] = "Information",
            ["Logging__Console__LogToStandardErrorThreshold"] = "Trace",
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(http));

        // Warm the endpoints (JIT) with a small file, then measure.
        var small = new MemoryStream();
        small.SaveAs(new[] { new Dictionary<string, object?> { ["客户名称"] = "预热客户" } });
        await PostAsync(http, small.ToArray(), "dry_run=true");
        (await http.GetAsync("/api/v1/sales/customers/export?keyword=预热")).EnsureSuccessStatusCode();
        var rssBefore = app.RssMegabytes();

        var dry = Stopwatch.StartNew();
        var dryResult = await PostAsync(http, file, "dry_run=true");
        dry.Stop();
        var import = Stopwatch.StartNew();
        var result = await PostAsync(http, file, "");
        import.Stop();
        var peak = app.PeakRssMegabytes();
        if (result.GetProperty("created").GetInt32() != rows || dryResult.GetProperty("errors").GetArrayLength() != 0)
        {
            throw new InvalidOperationException("the import did not create every row: " + result);
        }

        var exports = new List<(string Format, double Seconds, long Bytes)>();
        foreach (var format in new[] { "xlsx", "csv" })
        {
            var watch = Stopwatch.StartNew();
            var bytes = await http.GetByteArrayAsync($"/api/v1/sales/customers/export?format={format}");
            exports.Add((format, watch.Elapsed.TotalSeconds, bytes.Length));
        }

        var loaderRate = rows / loaderSeconds;
        var importRate = rows / import.Elapsed.TotalSeconds;
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"### import / export, {engine}, {rows:N0} customers (file {file.Length / 1024.0 / 1024.0:F1} MB, 2 tags each)");
        table.AppendLine();
        table.AppendLine("| step | seconds | rows/s | vs loader |");
        table.AppendLine("|---|---:|---:|---:|");
        table.AppendLine(CultureInfo.InvariantCulture, $"| bench loader insert (same customers + tags) | {loaderSeconds:F1} | {loaderRate:F0} | 1.00× |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| import dry run | {dry.Elapsed.TotalSeconds:F1} | {rows / dry.Elapsed.TotalSeconds:F0} | {rows / dry.Elapsed.TotalSeconds / loaderRate:F2}× |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| import (check + write, audited) | {import.Elapsed.TotalSeconds:F1} | {importRate:F0} | {importRate / loaderRate:F2}× |");
        foreach (var (format, seconds, bytes) in exports)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| export {format} ({bytes / 1024.0 / 1024.0:F1} MB) | {seconds:F1} | {rows / seconds:F0} | — |");
        }

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"App RSS before the import {rssBefore:F0} MB, peak during import and export {peak:F0} MB (extra {peak - rssBefore:F0} MB).");
        return table.ToString();
    }

    private static async Task<double> LoaderInsertAsync(Loader loader, List<Row> data)
    {
        await using var connection = loader.Open();
        var watch = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        long tagId = 0;
        for (var offset = 0; offset < data.Count; offset += 20_000)
        {
            var customers = new List<object?[]>();
            var tags = new List<object?[]>();
            foreach (var (r, i) in data.Skip(offset).Take(20_000).Select((r, i) => (r, offset + i + 1)))
            {
                var code = $"LOAD{i:D8}";
                var status = r.Status;
                var level = EnumNames.Level(CustomerGrade.Evaluate(EnumNames.Status(status), r.RevenueFen / 100m, r.Years));
                customers.Add([10_000_000 + i, code, code, r.Name, Crm.Web.Data.Search.CustomerSearch.TextOf(r.Name, r.Short, code), r.Short, "enterprise", r.Industry, r.Scale, r.Address, null, null, level, null, null, null, null, r.OwnerId, status, r.RevenueFen, r.Years, null, 1, now, now, 1]);
                tags.Add([10_000_000 + ++tagId, 10_000_000 + i, r.Tag1, now]);
                tags.Add([10_000_000 + ++tagId, 10_000_000 + i, r.Tag2, now]);
            }

            await Loader.InsertAsync(connection, "customers", ["id", "customer_code", "customer_code_key", "name", "search_text", "short_name", "customer_type", "industry", "scale", "address", "website", "established_date", "customer_level", "credit_limit_fen", "payment_terms", "account_period", "customer_source", "sales_owner_id", "status", "annual_revenue_fen", "cooperation_years", "last_follow_up_at", "created_by_id", "created_at", "updated_at", "version"], customers);
            await Loader.InsertAsync(connection, "customer_tags", ["id", "customer_id", "tag_name", "created_at"], tags);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        await Loader.ExecAsync(connection, "DELETE FROM customer_tags");
        await Loader.ExecAsync(connection, "DELETE FROM customers");

        // The book is empty again, but on SQLite the search index still held every deleted row (FTS5 records a deletion
        // as one more entry until its segments merge), which the import then paid to merge. Rebuilt from the empty
        // table the index is empty too: the import starts from what a new install has.
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            await Loader.ExecAsync(connection, "INSERT INTO customer_search (customer_search) VALUES ('rebuild')");
        }

        return seconds;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, byte[] file, string query)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "bench.xlsx" } };
        using var response = await http.PostAsync("/api/v1/sales/customers/import?" + query, form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import → {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        }

        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private static async Task<string> LoginAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/api/v1/auth/login", new StringContent(JsonSerializer.Serialize(new { username = "admin", password = Loader.Password }), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("access_token").GetString()!;
    }

    private sealed record Row(string Name, string Short, string Industry, string Scale, string Address, string Status, long? RevenueFen, int? Years, string Owner, int OwnerId, string Tag1, string Tag2);

}
