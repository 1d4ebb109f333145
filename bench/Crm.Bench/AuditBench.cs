using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>
/// --audit: the cost of issue 9's audit trail. Every save writes its audit entries in the same transaction, so the
/// API cannot be measured without them; instead each API write is measured next to the same write as raw SQL in one
/// transaction, once without and once with the audit_entries INSERT (its changes JSON copied from an entry the app
/// itself wrote, so the row is as large as a real one). The audit's share of the API p50 is
/// (SQL with audit − SQL without) / API. Then a customer's history with 1,000 entries, paged through the API and as
/// the hand-written query, against a trail that holds a create entry for every customer of the data set.
/// </summary>
internal static class AuditBench
{
    private const int HistoryEntries = 1000;
    private const string SequenceDay = "19990101";

    public static async Task<string> RunAsync(HttpClient admin, DbConnection db, bool postgres, int customers, int samples)
    {
        var historyId = Math.Max(1, customers / 3);
        var output = new StringBuilder();

        // Warm-up writes through the API; they also leave the entries whose JSON the SQL side copies.
        Console.Error.WriteLine("  warming up writes …");
        for (var i = 0; i < 60; i++)
        {
            await ApiCreateAsync(admin, i);
            await ApiUpdateAsync(admin, UpdateTarget(i, customers, 0), i);
        }

        var createJson = await TextAsync(db, "SELECT changes FROM audit_entries WHERE entity_type = 'customer' AND action = 'create' ORDER BY id DESC LIMIT 1");
        var updateJson = await TextAsync(db, "SELECT changes FROM audit_entries WHERE entity_type = 'customer' AND action = 'update' ORDER BY id DESC LIMIT 1");
        await SeedTrailAsync(db, postgres, customers, historyId, createJson, updateJson);

        var times = new Dictionary<string, List<double>>();
        void Add(string key, double ms) => (times.TryGetValue(key, out var list) ? list : times[key] = []).Add(ms);

        Console.Error.WriteLine("  measuring writes …");
        var warmUp = Math.Max(10, samples / 10);
        var watch = new Stopwatch();
        // Each SQL write follows an API write, as each API write follows a SQL one: on SQLite the first statement after
        // another process wrote re-reads changed pages, so every variant must start from that same state.
        for (var i = 0; i < warmUp + samples; i++)
        {
            var n = 1000 + i;
            var measured = i >= warmUp;
            foreach (var audited in new[] { i % 2 == 0, i % 2 != 0 })
            {
                var suffix = audited ? " audit" : "";
                watch.Restart();
                await ApiCreateAsync(admin, n);
                var apiCreate = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                await SqlCreateAsync(db, postgres, n, audited ? createJson : null);
                var sqlCreate = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                await ApiUpdateAsync(admin, UpdateTarget(i, customers, audited ? 1 : 2), n);
                var apiUpdate = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                await SqlUpdateAsync(db, UpdateTarget(i, customers, audited ? 3 : 4), n, audited ? updateJson : null);
                var sqlUpdate = watch.Elapsed.TotalMilliseconds;
                if (measured)
                {
                    Add("api create", apiCreate);
                    Add("sql create" + suffix, sqlCreate);
                    Add("api update", apiUpdate);
                    Add("sql update" + suffix, sqlUpdate);
                }
            }
        }

        double P(string key, int p) => Scenarios.Percentile(times[key], p);
        output.AppendLine(CultureInfo.InvariantCulture, $"| write | API p50 ms | API p95 ms | SQL p50 ms | SQL + audit p50 ms | audit adds (SQL) | audit / API p50 |");
        output.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var op in new[] { "create", "update" })
        {
            var api = P($"api {op}", 50);
            var sql = P($"sql {op}", 50);
            var withAudit = P($"sql {op} audit", 50);
            var delta = withAudit - sql;
            output.AppendLine(CultureInfo.InvariantCulture, $"| customer {op} | {api:F2} | {P($"api {op}", 95):F2} | {sql:F2} | {withAudit:F2} | {delta:F2} ms ({delta / Math.Max(sql, 0.001):P0}) | {delta / Math.Max(api, 0.001):P1} |");
        }

        output.AppendLine();
        output.AppendLine(CultureInfo.InvariantCulture, $"History of customer {historyId} ({HistoryEntries:N0} entries; the trail holds {await TextAsync(db, "SELECT count(*) FROM audit_entries")} entries):");
        output.AppendLine();
        output.AppendLine("| scenario | API p50 ms | API p95 ms | SQL p50 ms | SQL p95 ms | p50 ratio | same rows |");
        output.AppendLine("|---|---:|---:|---:|---:|---:|:---:|");
        foreach (var page in new[] { 1, 10, HistoryEntries / 20 })
        {
            var path = $"/api/v1/sales/customers/{historyId}/history?page={page}&page_size=20";
            for (var i = 0; i < 60; i++)
            {
                using var warm = await admin.GetAsync(path);
            }

            var scenario = new Scenario($"history page {page} of {HistoryEntries / 20}", "admin", [path], c => HistorySqlAsync(c, historyId, page));
            var m = await Scenarios.MeasureAsync(scenario, admin, db, samples);
            output.AppendLine(CultureInfo.InvariantCulture, $"| {m.Name} | {m.ApiP50:F2} | {m.ApiP95:F2} | {m.SqlP50:F2} | {m.SqlP95:F2} | {m.ApiP50 / Math.Max(m.SqlP50, 0.001):F2}× | {(m.Same ? "yes" : "NO " + m.Note)} |");
        }

        return output.ToString();
    }

    /// <summary>Loaded customers, spread over the data set; each stream (API, SQL, SQL + audit) its own rows.</summary>
    private static long UpdateTarget(int i, int customers, int stream) => 1 + ((long)(i * 5 + stream) * 7919 % customers);

    private static async Task ApiCreateAsync(HttpClient admin, int n)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/sales/customers", new
        {
            name = $"审计基准精密机械有限公司{n}",
            short_name = "审计基准",
            industry = "制造业",
            scale = "中型",
            address = $"苏州市工业园区星湖街{n}号",
            customer_source = "展会",
            payment_terms = "月结30天",
            account_period = 30,
            status = "prospect",
            annual_revenue = 1_200_000 + n,
            cooperation_years = 3,
        });
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task ApiUpdateAsync(HttpClient admin, long id, int n)
    {
        using var response = await admin.PutAsJsonAsync($"/api/v1/sales/customers/{id}", new { address = $"上海市浦东新区张江路{n}号", annual_revenue = 800_000 + n });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"update answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static readonly string[] CustomerColumns =
    [
        "customer_code", "customer_code_key", "name", "search_text", "short_name", "customer_type", "industry", "scale", "address",
        "customer_level", "payment_terms", "account_period", "customer_source", "sales_owner_id", "status", "annual_revenue_fen",
        "cooperation_years", "created_by_id", "created_at", "updated_at", "version",
    ];

    /// <summary>What the app's create amounts to: the next code number, the row (triggers keep counters and search), the entry.</summary>
    private static async Task SqlCreateAsync(DbConnection db, bool postgres, int n, string? auditJson)
    {
        await using var transaction = await db.BeginTransactionAsync();
        var sequence = Convert.ToInt64(await ScalarAsync(db, transaction, "INSERT INTO code_sequences (day, last_value) VALUES (@day, 1) ON CONFLICT (day) DO UPDATE SET last_value = code_sequences.last_value + 1 RETURNING last_value", ("@day", SequenceDay)), CultureInfo.InvariantCulture);
        var code = $"BEN{SequenceDay}{sequence:D6}";
        var name = $"审计基准精密机械有限公司{n}";
        var now = Now(postgres);
        object?[] values =
        [
            code, code, name, Crm.Web.Data.Search.CustomerSearch.TextOf(name, "审计基准", code), "审计基准", "enterprise", "制造业", "中型",
            $"苏州市工业园区星湖街{n}号", "B", "月结30天", 30, "展会", 2L, "prospect", (1_200_000L + n) * 100, 3, 1L, now, now, 1,
        ];
        var sql = $"INSERT INTO customers ({string.Join(", ", CustomerColumns)}) VALUES ({string.Join(", ", CustomerColumns.Select((_, i) => "@p" + i))}) RETURNING id";
        var id = Convert.ToInt64(await ScalarAsync(db, transaction, sql, values.Select((v, i) => ("@p" + i, v ?? DBNull.Value)).ToArray()), CultureInfo.InvariantCulture);
        if (auditJson is not null)
        {
            await InsertEntryAsync(db, transaction, postgres, "create", id, auditJson);
        }

        await transaction.CommitAsync();
    }

    /// <summary>What the app's update amounts to: read the row, write the changed fields and the version, the entry.</summary>
    private static async Task SqlUpdateAsync(DbConnection db, long id, int n, string? auditJson)
    {
        var postgres = db is Npgsql.NpgsqlConnection;
        await using var transaction = await db.BeginTransactionAsync();
        var version = Convert.ToInt32(await ScalarAsync(db, transaction, "SELECT version FROM customers WHERE id = @id", ("@id", id)), CultureInfo.InvariantCulture);
        await ScalarAsync(
            db, transaction,
            "UPDATE customers SET address = @a, annual_revenue_fen = @r, version = @v + 1, updated_at = @now WHERE id = @id AND version = @v",
            ("@a", $"上海市浦东新区张江路{n}号"), ("@r", (800_000L + n) * 100), ("@v", version), ("@now", Now(postgres)), ("@id", id));
        if (auditJson is not null)
        {
            await InsertEntryAsync(db, transaction, postgres, "update", id, auditJson);
        }

        await transaction.CommitAsync();
    }

    private static Task<object?> InsertEntryAsync(DbConnection db, DbTransaction transaction, bool postgres, string action, long id, string json) =>
        ScalarAsync(
            db, transaction,
            "INSERT INTO audit_entries (actor_id, at, action, entity_type, entity_id, customer_id, changes) VALUES (1, @at, @action, 'customer', @id, @id, @changes)",
            ("@at", Now(postgres)), ("@action", action), ("@id", id), ("@changes", json));

    /// <summary>
    /// A create entry for every loaded customer (a trail as old as the data), and 1,000 entries of one customer's
    /// life: updates, contacts, follow-ups and tags by its owner and the admin over two years.
    /// </summary>
    private static async Task SeedTrailAsync(DbConnection db, bool postgres, int customers, long historyId, string createJson, string updateJson)
    {
        string[] columns = ["actor_id", "at", "action", "entity_type", "entity_id", "customer_id", "changes"];
        if (Convert.ToInt64(await TextAsync(db, $"SELECT count(*) FROM audit_entries WHERE customer_id = {historyId}"), CultureInfo.InvariantCulture) < HistoryEntries)
        {
            var watch = Stopwatch.StartNew();
            var start = new DateTime(2023, 11, 30, 0, 0, 0, DateTimeKind.Utc);
            var rows = new List<object?[]>();
            for (var id = 1L; id <= customers; id++)
            {
                rows.Add([1L + (id % Loader.SalesCount) + 1, start.AddSeconds(94_608_000.0 * id / customers), "create", "customer", id, id, createJson]);
                if (rows.Count == 20_000)
                {
                    await Loader.InsertAsync(db, "audit_entries", columns, rows);
                    rows.Clear();
                }
            }

            string[] types = ["customer", "follow_up", "contact", "customer_tag"];
            var life = new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < HistoryEntries - 1; i++)
            {
                var type = types[i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3];
                rows.Add([i % 3 == 0 ? 1L : 2L + (historyId % Loader.SalesCount), life.AddHours(17.5 * i), type == "customer" ? "update" : "create", type, type == "customer" ? historyId : 5_000_000 + i, historyId, type == "customer" ? updateJson : createJson]);
            }

            await Loader.InsertAsync(db, "audit_entries", columns, rows);
            Console.Error.WriteLine($"  audit trail seeded in {watch.Elapsed.TotalSeconds:F0} s");
        }
    }

    private static object Now(bool postgres) =>
        postgres ? DateTime.UtcNow : DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static async Task<string> TextAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("no row: " + sql);
    }

    private static async Task<object?> ScalarAsync(DbConnection db, DbTransaction transaction, string sql, params (string Name, object Value)[] args)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>The history page as the app reads it: visibility, the page with actor and customer names, the capped count.</summary>
    private static async Task<IReadOnlyList<long>> HistorySqlAsync(DbConnection db, long customerId, int page)
    {
        var ids = new List<long>();
        await using (var visible = db.CreateCommand())
        {
            visible.CommandText = $"SELECT id FROM customers WHERE id = {customerId}";
            await visible.ExecuteScalarAsync();
        }

        await using (var command = db.CreateCommand())
        {
            command.CommandText =
                "SELECT a.id, a.at, a.actor_id, coalesce(u.display_name, a.actor_name), a.action, a.entity_type, a.entity_id, a.customer_id, c.name, a.changes, a.snapshot, a.ip " +
                "FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN customers c ON c.id = a.customer_id " +
                $"WHERE a.customer_id = {customerId} ORDER BY a.at DESC, a.id DESC LIMIT 20 OFFSET {(page - 1) * 20}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
                for (var i = 1; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }

                // The API parses the JSON to return it as objects.
                if (!reader.IsDBNull(9))
                {
                    using var _ = JsonDocument.Parse(reader.GetString(9));
                }
            }
        }

        await using (var count = db.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM audit_entries WHERE customer_id = {customerId} LIMIT 10001) AS capped";
            ids.Insert(0, Math.Min(Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture), 10_000));
        }

        return ids;
    }
}
