using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>
/// Mixed traffic for a long time (--soak: 10 minutes, 64 clients, 70% reads / 30% writes): every answer must be a
/// success, the app's RSS is sampled every 5 s and must stay within ±15% of its mean after the first minute, and each
/// endpoint's p50/p95/p99 is reported. Each client writes only customers it created, so a write never meets a conflict
/// a person would have to resolve: any non-2xx is an error.
/// </summary>
internal static class Soak
{
    private static readonly (string Name, int Weight)[] Mix =
    [
        ("GET list", 20), ("GET list keyword", 10), ("GET detail", 15), ("GET contacts", 10), ("GET follow-ups", 5), ("GET stats", 10),
        ("POST customer", 10), ("PUT customer", 8), ("POST follow-up", 7), ("POST contact", 5),
    ];

    private static readonly string[] Keywords = ["精密", "科技", "上海", "电子", "shjm", "机械", "贸易"];

    public static async Task<(string Table, object Json, bool Passed)> RunAsync(AppProcess app, string token, int customers, TimeSpan duration, int clients)
    {
        using var http = Scenarios.Client(app.BaseUrl, token);
        var latencies = Mix.ToDictionary(m => m.Name, _ => new ConcurrentBag<double>());
        var errors = new ConcurrentDictionary<string, int>();
        var rss = new List<(double Seconds, double Mb)>();
        var clock = Stopwatch.StartNew();
        var stop = DateTime.UtcNow + duration;

        var sampler = Task.Run(async () =>
        {
            while (DateTime.UtcNow < stop)
            {
                rss.Add((clock.Elapsed.TotalSeconds, app.RssMegabytes()));
                await Task.Delay(5000);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            var own = new List<(long Id, long Version)>();
            var n = 0;
            while (DateTime.UtcNow < stop)
            {
                var name = Pick(random);
                var started = Stopwatch.GetTimestamp();
                HttpResponseMessage response;
                var someId = random.Next(1, customers + 1);
                var mine = own.Count > 0 ? random.Next(own.Count) : -1;
                switch (name)
                {
                    case "GET list":
                        response = await http.GetAsync($"/api/v1/sales/customers?page={random.Next(1, 6)}&page_size=20");
                        break;
                    case "GET list keyword":
                        response = await http.GetAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(Keywords[random.Next(Keywords.Length)])}&page_size=20");
                        break;
                    case "GET detail":
                        response = await http.GetAsync($"/api/v1/sales/customers/{someId}");
                        break;
                    case "GET contacts":
                        response = await http.GetAsync($"/api/v1/sales/customers/{someId}/contacts");
                        break;
                    case "GET follow-ups":
                        response = await http.GetAsync($"/api/v1/sales/customers/{someId}/follow-ups");
                        break;
                    case "GET stats":
                        response = await http.GetAsync("/api/v1/sales/customers/stats");
                        break;
                    case "PUT customer" when mine >= 0:
                        response = await http.PutAsJsonAsync($"/api/v1/sales/customers/{own[mine].Id}", new { industry = $"行业{random.Next(100)}", version = own[mine].Version });
                        break;
                    case "POST follow-up" when mine >= 0:
                        response = await http.PostAsJsonAsync($"/api/v1/sales/customers/{own[mine].Id}/follow-ups", new { method = "phone", content = $"压力测试跟进 {client}-{n}" });
                        break;
                    case "POST contact" when mine >= 0:
                        response = await http.PostAsJsonAsync($"/api/v1/sales/customers/{own[mine].Id}/contacts", new { name = $"联系人{client}-{n}", mobile = $"138{random.Next(10000000, 99999999)}" });
                        break;
                    default:
                        name = "POST customer";
                        response = await http.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"压测客户 {client}-{n}", annual_revenue = random.Next(1000, 5000000) });
                        break;
                }

                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                using (response)
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        var key = $"{name} → {(int)response.StatusCode}";
                        if (errors.AddOrUpdate(key, 1, (_, c) => c + 1) == 1)
                        {
                            Console.Error.WriteLine($"  soak error {key}: {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    else if (name is "POST customer" or "PUT customer")
                    {
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        var entry = (body.GetProperty("id").GetInt64(), body.GetProperty("version").GetInt64());
                        if (name == "PUT customer")
                        {
                            own[mine] = entry;
                        }
                        else if (own.Count < 50)
                        {
                            own.Add(entry);
                        }
                    }
                }

                latencies[name].Add(ms);
                n++;
            }
        })));
        await sampler;

        // Warm-up: the first 30% of the run (3 of 10 minutes). The server GC grows the heap into its budgets until its
        // first full collection, which came 1.7–2.7 minutes into 64-client runs on both engines; flat is judged after.
        var warmUp = Math.Min(Math.Max(60, duration.TotalSeconds * 0.3), duration.TotalSeconds / 2);
        var warm = rss.Where(s => s.Seconds >= warmUp).Select(s => s.Mb).ToList();
        var mean = warm.Average();
        var (low, high) = ((warm.Min() / mean) - 1, (warm.Max() / mean) - 1);
        var total = latencies.Sum(l => l.Value.Count);
        var errorCount = errors.Values.Sum();
        var flat = Math.Abs(low) <= 0.15 && Math.Abs(high) <= 0.15;

        var table = new StringBuilder();
        table.AppendLine($"### soak: {duration.TotalMinutes:F0} min, {clients} clients, {customers:N0} customers");
        table.AppendLine();
        table.AppendLine("| endpoint | requests | share | p50 ms | p95 ms | p99 ms |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, values) in latencies.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var sorted = values.Order().ToArray();
            table.AppendLine($"| {name} | {sorted.Length} | {100.0 * sorted.Length / total:F1}% | {P(sorted, 0.50):F1} | {P(sorted, 0.95):F1} | {P(sorted, 0.99):F1} |");
        }

        table.AppendLine();
        table.AppendLine($"Requests: {total} ({total / duration.TotalSeconds:F0}/s), errors: {errorCount}{(errorCount > 0 ? " (" + string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}")) + ")" : "")}");
        table.AppendLine($"RSS after {warmUp:F0} s warm-up: mean {mean:F0} MB, min {low:+0.0%;-0.0%}, max {high:+0.0%;-0.0%} ({(flat ? "flat within ±15%" : "NOT flat")}); samples every 5 s: {string.Join(' ', rss.Select(s => s.Mb.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");

        var json = new
        {
            minutes = duration.TotalMinutes,
            clients,
            customers,
            requests = total,
            errors = errorCount,
            rss_mean_mb = Math.Round(mean),
            rss_min_ratio = Math.Round(1 + low, 3),
            rss_max_ratio = Math.Round(1 + high, 3),
            rss_warm_up_seconds = warmUp,
            rss_samples_mb = rss.Select(s => Math.Round(s.Mb)),
            endpoints = latencies.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l =>
            {
                var sorted = l.Value.Order().ToArray();
                return new { name = l.Key, requests = sorted.Length, p50_ms = Math.Round(P(sorted, 0.50), 2), p95_ms = Math.Round(P(sorted, 0.95), 2), p99_ms = Math.Round(P(sorted, 0.99), 2) };
            }),
        };
        return (table.ToString(), json, errorCount == 0 && flat);
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(Mix.Sum(m => m.Weight));
        foreach (var (name, weight) in Mix)
        {
            if ((roll -= weight) < 0)
            {
                return name;
            }
        }

        return Mix[0].Name;
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
