using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>
/// One measured question, asked twice: through the HTTP API and as the raw SQL that returns the same rows.
/// <see cref="ApiIds"/> and <see cref="SqlIds"/> must agree, or the comparison means nothing.
/// </summary>
internal sealed record Scenario(string Name, string Role, string[] ApiPaths, Func<DbConnection, Task<IReadOnlyList<long>>> Sql);

/// <summary>
/// One round of a scenario. AppP50 is the app's own time (its Server-Timing, summed over the scenario's requests);
/// FloorP50 and FloorAppP50 are the HTTP floor's, requested as often and after the same idle time as the scenario's.
/// </summary>
internal sealed record Measured(string Name, double ApiP50, double ApiP95, double SqlP50, double SqlP95, double AppP50, double FloorP50, double FloorAppP50, bool Same, string Note);

/// <summary>
/// One scenario measured in several rounds (each its own warm-up and samples): the median of the rounds' p50s is the
/// figure, the lowest and highest round p50 its spread, so that one noisy round on a shared machine does not decide it.
/// </summary>
internal sealed record Rounds(string Name, int Requests, IReadOnlyList<Measured> Each)
{
    public double ApiP50 => Median(Each.Select(m => m.ApiP50));
    public double ApiP95 => Median(Each.Select(m => m.ApiP95));
    public double SqlP50 => Median(Each.Select(m => m.SqlP50));
    public double SqlP95 => Median(Each.Select(m => m.SqlP95));
    public double AppP50 => Median(Each.Select(m => m.AppP50));
    public double FloorP50 => Median(Each.Select(m => m.FloorP50));
    public double FloorAppP50 => Median(Each.Select(m => m.FloorAppP50));
    public (double Min, double Max) ApiSpread => (Each.Min(m => m.ApiP50), Each.Max(m => m.ApiP50));
    public (double Min, double Max) SqlSpread => (Each.Min(m => m.SqlP50), Each.Max(m => m.SqlP50));
    public bool Same => Each.All(m => m.Same);
    public string Note => string.Join(" ", Each.Select(m => m.Note).Where(n => n.Length > 0).Distinct());

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal static class Scenarios
{
    private static readonly int[] QuietDays = [30, 60, 90];

    private const string Columns =
        "c.id, c.customer_code, c.name, c.short_name, c.customer_type, c.industry, c.scale, c.address, c.website, " +
        "c.established_date, c.customer_level, c.credit_limit_fen, c.payment_terms, c.account_period, c.customer_source, " +
        "c.sales_owner_id, u.display_name, c.status, c.annual_revenue_fen, c.cooperation_years, c.last_follow_up_at, " +
        "(SELECT count(*) FROM contacts ct WHERE ct.customer_id = c.id) AS contacts_count, " +
        "(SELECT coalesce(p.mobile, p.phone) FROM contacts p WHERE p.customer_id = c.id AND p.is_primary LIMIT 1) AS primary_contact_phone, " +
        "c.created_at, c.updated_at, c.version";

    public const string FloorName = "HTTP floor (authenticated, no query)";
    private const string FloorPath = "/api/v1/sales/customer-tags/predefined";

    public static List<Scenario> Build(bool postgres, long detailId, int salesId)
    {
        const string newest = "c.created_at DESC, c.id DESC";

        // The hand-written equivalent of the app's keyword query: trigram candidates, then the exact substring check.
        Scenario Keyword(string name, string keyword)
        {
            var needle = Crm.Domain.Customers.SearchText.Needle(keyword)!;
            var grams = Crm.Domain.Customers.SearchText.Trigrams(needle).ToArray();
            var where = postgres
                ? "crm_trigrams(c.search_text) @> @g AND strpos(c.search_text, @k) > 0"
                : "c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH @m) AND instr(c.search_text, @k) > 0";
            (string, object) index = postgres ? ("@g", grams) : ("@m", "\"" + needle + "\"");

            // SQLite: the capped count walks the phrase's matches and stops at the cap (PostgreSQL's planner picks its own way).
            var countFrom = postgres ? null : "customer_search s JOIN customers c ON c.id = s.rowid WHERE customer_search MATCH @m AND instr(c.search_text, @k) > 0";

            // A keyword matching more than the cap (decision 0066; known after the first call, as one writing it by hand
            // would know): the sample's count, then the page walking the sort order testing each row.
            var rowByRow = postgres ? "strpos(c.search_text, @k) > 0" : "instr(c.search_text, @k) > 0";
            bool? dense = null;
            return new(name, "admin", ["/api/v1/sales/customers?keyword=" + Uri.EscapeDataString(keyword)], async db =>
            {
                var estimate = dense == false ? null : await EstimateAsync(db, rowByRow, [("@k", needle)]);
                dense = estimate is not null;
                return estimate is { } total
                    ? await EstimatedPageAsync(db, rowByRow, newest, [("@k", needle)], total)
                    : await PageAsync(db, where, newest, null, [("@k", needle), index], countFrom);
            });
        }

        // counters: the same filter on customer_counters when the app reads the total there (decision 0016), else null.
        Scenario List(string name, string query, string where, string order, string? counters, params (string, object)[] args) =>
            new(name, "admin", [$"/api/v1/sales/customers?{query}"], db => PageAsync(
                db, where, order, counters is null ? null : $"SELECT coalesce(sum(customers), 0) FROM customer_counters WHERE {counters}", args, null));


        // A tag on a fifth of the customers (scan in sort order, probe the tag, stop at the page) or on one in a thousand
        // (DataGenerator.RareTag: its holders first, then sorted), written as one would knowing which it is. The total:
        // the tag's counter rows (decision 0083), as the app reads it.
        Scenario ByTag(string name, string tag, bool rare) =>
            new(name, "admin", ["/api/v1/sales/customers?tag=" + Uri.EscapeDataString(tag)], db => PageAsync(
                db,
                rare ? "c.id IN (SELECT t.customer_id FROM customer_tags t WHERE t.tag_name = @t)" : "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag_name = @t)",
                newest,
                "SELECT coalesce(sum(customers), 0) FROM tag_counters WHERE tag_name = @t",
                [("@t", tag)],
                null));

        Scenario ContactSearch(string name, string keyword)
        {
            var needle = Crm.Domain.Customers.SearchText.Needle(keyword)!;
            var where = postgres
                ? "crm_trigrams(ct.search_text) @> @g AND strpos(ct.search_text, @k) > 0"
                : "ct.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH @m) AND instr(ct.search_text, @k) > 0";
            (string, object) index = postgres ? ("@g", Crm.Domain.Customers.SearchText.Trigrams(needle).ToArray()) : ("@m", "\"" + needle + "\"");
            return new(name, "admin", ["/api/v1/sales/contacts?keyword=" + Uri.EscapeDataString(keyword)], db => ContactPageAsync(db, where, [("@k", needle), index]));
        }

        return
        [
            // What every request pays before any query: the same bearer-token check (its user read is kept a few seconds
            // by UserSessionCache, so a back-to-back client almost never pays it), routing, the same JSON writer; the
            // handler returns a constant. There is no SQL side: the tag list is the domain's constant.
            new(FloorName, "admin", [FloorPath], _ => Task.FromResult<IReadOnlyList<long>>([Crm.Domain.Tags.TagRules.Predefined.Count])),
            List("list default page", "page=1&page_size=20", "1=1", newest, "1=1"),
            List("list level+status+owner", $"customer_level=B&status=customer&sales_owner_id={salesId}", "c.customer_level = @l AND c.status = @s AND c.sales_owner_id = @o", newest, "customer_level = @l AND status_key = @s AND sales_owner_id = @o", ("@l", "B"), ("@s", "customer"), ("@o", salesId)),
            ByTag("list by tag", "战略客户", rare: false),
            ByTag("list by rare tag", DataGenerator.RareTag, rare: true),
            List("list by last follow-up asc", "order_by=last_follow_up_at&order_desc=false", "1=1", "c.last_follow_up_sort ASC, c.id ASC", "1=1"),
            Keyword("keyword 2-char Chinese", "精密"),
            Keyword("keyword 4-char Chinese", "苏州华创"),
            Keyword("keyword code prefix", "CUS20251103"),
            Keyword("pinyin initials", "szhc"),
            ContactSearch("contact search by mobile prefix", "1381234"),
            new("customer detail with contacts", "admin", [$"/api/v1/sales/customers/{detailId}", $"/api/v1/sales/customers/{detailId}/contacts"], db => DetailAsync(db, detailId)),
            new("stats admin", "admin", ["/api/v1/sales/customers/stats"], db => StatsAsync(db, null)),
            new("stats one salesperson", "sales", ["/api/v1/sales/customers/stats"], db => StatsAsync(db, salesId)),

            // 工作台 p95 ≤ 50 ms at 1M customers (issue 15): sales07 (user 8, whose token the "sales" scenarios use), and an
            // admin's whole team, where every panel is longest.
            new("工作台 salesperson", "sales", ["/api/v1/sales/workbench"], db => WorkbenchAsync(db, postgres, 8)),
            new("工作台 admin team", "admin", ["/api/v1/sales/workbench"], db => WorkbenchAsync(db, postgres, null)),
        ];
    }

    /// <summary>
    /// The page, then its total: none needed when the page is short; <paramref name="exactTotal"/> (a counters statement) when the app reads one; else
    /// counted up to the cap (over <paramref name="countFrom"/>, "table ... WHERE ...", when given, else the page's WHERE).
    /// </summary>
    private static async Task<IReadOnlyList<long>> PageAsync(DbConnection db, string where, string order, string? exactTotal, (string Name, object Value)[] args, string? countFrom)
    {
        var ids = await ReadRowsAsync(db, $"SELECT {Columns} FROM customers c JOIN users u ON u.id = c.sales_owner_id WHERE {where} ORDER BY {order} LIMIT 20 OFFSET 0", args);

        var total = ids.Count < 20 ? ids.Count
            : exactTotal is not null ? await ScalarAsync(db, exactTotal, args)
            : Math.Min(await ScalarAsync(db, $"SELECT count(*) FROM (SELECT 1 FROM {countFrom ?? "customers c WHERE " + where} LIMIT 10001) AS capped", args), 10_000);
        await TagsAsync(db, ids);
        ids.Insert(0, total);
        return ids;
    }

    /// <summary>
    /// The app's estimate (decision 0066) by hand: the filter tested on the sample's runs of ids, each run read by primary
    /// key in its own branch, scaled to the id range; null when it is not above the cap (then the total is counted).
    /// </summary>
    private static async Task<long?> EstimateAsync(DbConnection db, string where, (string Name, object Value)[] args)
    {
        var min = await ScalarAsync(db, "SELECT min(id) FROM customers", []);
        var max = await ScalarAsync(db, "SELECT max(id) FROM customers", []);
        var ranges = Crm.Web.Data.Search.CountEstimate.Ranges(min, max, Crm.Web.Data.Search.CountEstimate.DefaultSampleRows, Crm.Web.Data.Search.CountEstimate.Chunks);
        var runs = ranges.Select(r => $"SELECT c.id FROM customers c WHERE c.id >= {r.From} AND c.id < {r.To} AND {where}");
        var matches = await ScalarAsync(db, $"SELECT count(*) FROM ({string.Join(" UNION ALL ", runs)}) AS sampled", args);
        var estimate = Crm.Web.Data.Search.CountEstimate.Scale(matches, ranges.Sum(r => r.To - r.From), max - min + 1);
        return estimate > 10_000 ? Crm.Web.Data.Search.CountEstimate.Round(estimate) : null;
    }

    /// <summary>A full page of a list whose total is estimated: the rows in sort order, tested one by one.</summary>
    private static async Task<IReadOnlyList<long>> EstimatedPageAsync(DbConnection db, string where, string order, (string Name, object Value)[] args, long estimate)
    {
        var ids = await ReadRowsAsync(db, $"SELECT {Columns} FROM customers c JOIN users u ON u.id = c.sales_owner_id WHERE {where} ORDER BY {order} LIMIT 20 OFFSET 0", args);
        await TagsAsync(db, ids);
        ids.Insert(0, ids.Count < 20 ? ids.Count : estimate);
        return ids;
    }

    /// <summary>Runs a page query and reads every column of every row, as the API must; returns the ids (first column).</summary>
    private static async Task<List<long>> ReadRowsAsync(DbConnection db, string sql, (string Name, object Value)[] args)
    {
        var ids = new List<long>();
        await using var command = Command(db, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
            for (var i = 1; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }

        return ids;
    }

    private const string ContactColumns =
        "ct.id, ct.customer_id, cu.name, ct.name, ct.position, ct.department, ct.mobile, ct.phone, ct.email, ct.wechat, ct.birthday, " +
        "ct.hobbies, ct.notes, ct.is_primary, ct.created_at, ct.updated_at";

    private static async Task<IReadOnlyList<long>> ContactPageAsync(DbConnection db, string where, (string Name, object Value)[] args)
    {
        var ids = await ReadRowsAsync(db, $"SELECT {ContactColumns} FROM contacts ct JOIN customers cu ON cu.id = ct.customer_id WHERE {where} ORDER BY ct.created_at DESC, ct.id DESC LIMIT 20", args);
        ids.Insert(0, 0);

        // A short page is the last one: its length is the total, as the app reports it.
        ids[0] = ids.Count - 1 < 20 ? ids.Count - 1
            : Math.Min(await ScalarAsync(db, $"SELECT count(*) FROM (SELECT 1 FROM contacts ct WHERE {where} LIMIT 10001) AS capped", args), 10_000);
        return ids;
    }

    private static async Task<IReadOnlyList<long>> DetailAsync(DbConnection db, long id)
    {
        var ids = new List<long>();
        await using (var command = Command(db, $"SELECT {Columns} FROM customers c JOIN users u ON u.id = c.sales_owner_id WHERE c.id = @id", [("@id", id)]))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        await TagsAsync(db, ids);
        await using (var contacts = Command(db, $"SELECT {ContactColumns} FROM contacts ct JOIN customers cu ON cu.id = ct.customer_id WHERE ct.customer_id = @id ORDER BY ct.is_primary DESC, ct.created_at DESC, ct.id DESC", [("@id", id)]))
        await using (var reader = await contacts.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                _ = reader.GetValue(3);
            }
        }

        return ids;
    }

    /// <summary>
    /// The 工作台 as hand-written SQL (decision 0052): the first ten and a count stopped at 1,000 of due today, overdue and
    /// each quiet range (followed-up and never-followed-up customers apart), a week of birthdays, the counters and the
    /// ten latest changes. Returns the counts, then the due and overdue ids, as <see cref="ApiIds"/> reads the answer.
    /// </summary>
    private static async Task<IReadOnlyList<long>> WorkbenchAsync(DbConnection db, bool postgres, int? ownerId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        DateTime StartOf(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
        var owner = ownerId is null ? "" : "c.sales_owner_id = @o AND ";
        (string, object)[] Args(params (string, object)[] more) => ownerId is null ? more : [("@o", ownerId.Value), .. more];

        async Task<(long Count, List<long> Ids)> PanelAsync(string where, string order, (string, object)[] args)
        {
            var ids = await ReadRowsAsync(db, $"SELECT c.id, c.name, c.customer_code, c.status, c.customer_level, c.sales_owner_id, u.display_name, c.last_follow_up_at, c.next_follow_up_at, c.created_at FROM customers c JOIN users u ON u.id = c.sales_owner_id WHERE {owner}{where} ORDER BY {order} LIMIT 10", args);
            var count = ids.Count < 10 ? ids.Count : await ScalarAsync(db, $"SELECT count(*) FROM (SELECT 1 FROM customers c WHERE {owner}{where} LIMIT 1001) AS capped", args);
            return (count, ids);
        }

        var (t0, t1) = (StartOf(today), StartOf(today.AddDays(1)));
        var due = await PanelAsync("c.next_follow_up_at >= @t0 AND c.next_follow_up_at < @t1", "c.next_follow_up_at, c.id", Args(("@t0", t0), ("@t1", t1)));
        var overdue = await PanelAsync("c.next_follow_up_at < @t0", "c.next_follow_up_at DESC, c.id DESC", Args(("@t0", t0)));
        var result = new List<long> { Math.Min(due.Count, 1000), Math.Min(overdue.Count, 1000) };

        var bounds = QuietDays.Select(days => StartOf(today.AddDays(1 - days))).ToArray();
        var floor = new DateTime(1, 1, 1, 0, 0, 1, DateTimeKind.Utc);
        for (var i = 0; i < bounds.Length; i++)
        {
            var hi = bounds[i];
            var lo = i + 1 < bounds.Length ? bounds[i + 1] : floor;
            var followed = await PanelAsync("c.last_follow_up_sort >= @lo AND c.last_follow_up_sort < @hi", "c.last_follow_up_sort, c.id", Args(("@lo", lo), ("@hi", hi)));
            var never = await PanelAsync("c.last_follow_up_at IS NULL AND c.created_at >= @lo AND c.created_at < @hi", "c.created_at, c.id", Args(("@lo", lo), ("@hi", hi)));
            result.Add(Math.Min(followed.Count + never.Count, 1000));
        }

        // The week's birthdays range by range in birthday order, as the app reads them: one OR of the two ranges made
        // PostgreSQL walk the whole birthday index (0.2–0.5 s a call at 1M), which measured the reference, not the app.
        var window = Crm.Domain.Contacts.BirthdayWindow.For(today, 6);
        var birthdayOwner = ownerId is null ? "" : "ct.sales_owner_id = @o AND ";
        var ranges = window.InBirthdayOrder(Crm.Domain.Contacts.Birthdays.MonthDay(today));
        var birthdays = new List<long>();
        foreach (var (from, to) in ranges.Where(_ => birthdays.Count < 10))
        {
            birthdays.AddRange(await ReadRowsAsync(db, $"SELECT {ContactColumns} FROM contacts ct JOIN customers cu ON cu.id = ct.customer_id WHERE {birthdayOwner}ct.birthday_month_day >= @f AND ct.birthday_month_day <= @t ORDER BY ct.birthday_month_day, ct.id LIMIT {10 - birthdays.Count}", Args(("@f", from), ("@t", to))));
        }

        if (birthdays.Count == 10)
        {
            var inRanges = string.Join(" UNION ALL ", ranges.Select((_, i) => $"SELECT 1 FROM contacts ct WHERE {birthdayOwner}ct.birthday_month_day >= @f{i} AND ct.birthday_month_day <= @t{i}"));
            _ = await ScalarAsync(db, $"SELECT count(*) FROM ({inRanges} LIMIT 1001) AS capped", Args([.. ranges.SelectMany((r, i) => new (string, object)[] { ($"@f{i}", r.From), ($"@t{i}", r.To) })]));
        }

        result.AddRange(await StatsAsync(db, ownerId));
        var recentWhere = ownerId is null ? "a.customer_id IS NOT NULL" : "a.customer_id IS NOT NULL AND a.actor_id = @o AND EXISTS (SELECT 1 FROM customers c WHERE c.id = a.customer_id AND c.sales_owner_id = @o)";
        _ = await ReadRowsAsync(db, $"SELECT a.id, a.at, a.action, a.entity_type, a.changes, u.display_name, c.name FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN customers c ON c.id = a.customer_id WHERE {recentWhere} ORDER BY a.at DESC, a.id DESC LIMIT 10", ownerId is null ? [] : [("@o", ownerId.Value)]);

        result.AddRange(due.Ids);
        result.AddRange(overdue.Ids);
        return result;
    }

    /// <summary>The stats as the app computes them: summed from the trigger-kept customer_counters (decision 0016).</summary>
    private static async Task<IReadOnlyList<long>> StatsAsync(DbConnection db, int? ownerId)
    {
        var where = ownerId is null ? "" : "WHERE sales_owner_id = @o";
        var sql = "SELECT coalesce(sum(customers), 0), " +
                  "sum(CASE WHEN status_key = 'potential' THEN customers ELSE 0 END), sum(CASE WHEN status_key = 'prospect' THEN customers ELSE 0 END), " +
                  "sum(CASE WHEN status_key = 'customer' THEN customers ELSE 0 END), sum(CASE WHEN status_key = 'lost' THEN customers ELSE 0 END), " +
                  "sum(CASE WHEN customer_level = 'A' THEN customers ELSE 0 END), sum(CASE WHEN customer_level = 'B' THEN customers ELSE 0 END), " +
                  "sum(CASE WHEN customer_level = 'C' THEN customers ELSE 0 END), sum(CASE WHEN customer_level = 'D' THEN customers ELSE 0 END), " +
                  $"sum(annual_revenue_fen), sum(cooperation_years_sum), sum(cooperation_years_count) FROM customer_counters {where}";
        await using var command = Command(db, sql, ownerId is null ? [] : [("@o", ownerId.Value)]);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)];
    }

    private static async Task TagsAsync(DbConnection db, List<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = Command(db, $"SELECT customer_id, tag_name FROM customer_tags WHERE customer_id IN ({string.Join(",", ids)}) ORDER BY id", []);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(1);
        }
    }

    private static async Task<long> ScalarAsync(DbConnection db, string sql, (string Name, object Value)[] args)
    {
        await using var command = Command(db, sql, args);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection db, string sql, (string Name, object Value)[] args)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }

    /// <summary>The ids an API answer shows, in the same shape as the SQL side: [total, ids...], [id] or [total].</summary>
    public static IReadOnlyList<long> ApiIds(string name, JsonElement body)
    {
        if (body.TryGetProperty("items", out var items))
        {
            var ids = new List<long> { body.GetProperty("total").GetInt64() };
            ids.AddRange(items.EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            return ids;
        }

        if (body.TryGetProperty("due_today", out var due))
        {
            var ids = new List<long> { due.GetProperty("count").GetInt64(), body.GetProperty("overdue").GetProperty("count").GetInt64() };
            ids.AddRange(QuietDays.Select(d => body.GetProperty($"quiet{d}").GetProperty("count").GetInt64()));
            ids.Add(body.GetProperty("counts").GetProperty("total_customers").GetInt64());
            ids.AddRange(due.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            ids.AddRange(body.GetProperty("overdue").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            return ids;
        }

        if (body.TryGetProperty("tags", out var tags) && !body.TryGetProperty("id", out _))
        {
            return [tags.GetArrayLength()];
        }

        if (body.TryGetProperty("total_customers", out var total))
        {
            return [total.GetInt64()];
        }

        return [body.GetProperty("id").GetInt64()];
    }

    public static async Task<Measured> MeasureAsync(Scenario scenario, HttpClient api, DbConnection db, int samples)
    {
        // Results must agree before timings are worth comparing.
        using var first = await api.GetAsync(scenario.ApiPaths[0]);
        first.EnsureSuccessStatusCode();
        var apiIds = ApiIds(scenario.Name, JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement);
        var sqlIds = await scenario.Sql(db);
        var same = apiIds.SequenceEqual(sqlIds);

        // Each sample: the scenario's requests, its SQL, the floor's requests, then the bench stays busy as long as the SQL
        // took. So the scenario's requests and the floor's both reach an app left idle for the SQL's time: an app idle
        // for a few milliseconds answers its next request 0.1–0.4 ms later than one called back to back (its threads
        // have gone to sleep), and a floor measured back to back would leave that to the scenario's remainder.
        var warmUp = Math.Max(10, samples / 10);
        var (apiTimes, sqlTimes, appTimes, floorTimes, floorAppTimes) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < warmUp + samples; i++)
        {
            var (apiMs, appMs) = await TimeAsync(api, scenario.ApiPaths);
            var watch = Stopwatch.StartNew();
            await scenario.Sql(db);
            var sqlMs = watch.Elapsed.TotalMilliseconds;
            var (floorMs, floorAppMs) = await TimeAsync(api, Enumerable.Repeat(FloorPath, scenario.ApiPaths.Length));
            watch.Restart();
            while (watch.Elapsed.TotalMilliseconds < sqlMs)
            {
                Thread.SpinWait(20);
            }

            if (i >= warmUp)
            {
                apiTimes.Add(apiMs);
                sqlTimes.Add(sqlMs);
                appTimes.Add(appMs);
                floorTimes.Add(floorMs);
                floorAppTimes.Add(floorAppMs);
            }
        }

        return new Measured(scenario.Name, Percentile(apiTimes, 50), Percentile(apiTimes, 95), Percentile(sqlTimes, 50), Percentile(sqlTimes, 95), Percentile(appTimes, 50), Percentile(floorTimes, 50), Percentile(floorAppTimes, 50), same, same ? "" : $"API {string.Join(",", apiIds.Take(4))}… vs SQL {string.Join(",", sqlIds.Take(4))}…");
    }

    /// <summary>The requests one after another: the milliseconds the client waited, and the app's own (its Server-Timing).</summary>
    private static async Task<(double Total, double App)> TimeAsync(HttpClient api, IEnumerable<string> paths)
    {
        var app = 0.0;
        var watch = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            using var response = await api.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            app += AppMilliseconds(response);
        }

        return (watch.Elapsed.TotalMilliseconds, app);
    }

    /// <summary>The app's own milliseconds for a response (its Server-Timing header, decision 0087).</summary>
    private static double AppMilliseconds(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Crm.Web.Infrastructure.ServerTiming.Header, out var values)
        && Crm.Web.Infrastructure.ServerTiming.Parse(values.FirstOrDefault()) is { } ms
            ? ms
            : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered without the app's {Crm.Web.Infrastructure.ServerTiming.Header}");

    public static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static HttpClient Client(string baseUrl, string token) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseUrl),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Timeout = TimeSpan.FromMinutes(2),
        };
}
