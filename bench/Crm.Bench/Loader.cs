using System.Data.Common;
using System.Diagnostics;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Bench;

/// <summary>
/// Loads the generated data set through each engine's bulk path (PostgreSQL COPY, SQLite prepared inserts in
/// large transactions), never one SaveChanges per row. The schema comes from the app's own migrations.
/// </summary>
internal sealed class Loader(string engine, string connectionString)
{
    public const string Password = "Bench#2026";
    public const int SalesCount = 50;

    public bool IsPostgres => engine == "postgres";

    public DbConnection Open()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public async Task LoadAsync(int customers)
    {
        var watch = Stopwatch.StartNew();
        var generator = new DataGenerator(20261130);
        var now = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
        var hash = new PasswordHasher<User>().HashPassword(null!, Password);

        await using var connection = Open();
        if (!IsPostgres)
        {
            await ExecAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;");
        }

        // Users: 1 admin + 50 salespeople.
        var users = new List<object?[]>();
        for (var u = 1; u <= SalesCount + 1; u++)
        {
            var name = u == 1 ? "admin" : $"sales{u - 1:D2}";
            users.Add([u, name, name.ToUpperInvariant(), u == 1 ? "系统管理员" : "销售" + generator.PersonName(), u == 1 ? "admin" : "sales", true, hash, "bench-stamp", 0, null, now, now]);
        }

        await InsertAsync(connection, "users", ["id", "username", "normalized_username", "display_name", "role", "is_active", "password_hash", "security_stamp", "failed_login_count", "lockout_end_utc", "created_at", "updated_at"], users);

        // Every row below carries search text of the current rules: the app's background re-index has nothing to do.
        await InsertAsync(connection, "app_secrets", ["name", "value"], [
            [Crm.Web.Data.Search.SearchReindex.CustomersKey, Crm.Web.Data.Search.SearchReindex.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            [Crm.Web.Data.Search.SearchReindex.ContactsKey, Crm.Web.Data.Search.SearchReindex.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)]]);

        var customerRows = new List<object?[]>(Math.Min(customers, 50_000));
        var contactRows = new List<object?[]>();
        var tagRows = new List<object?[]>();
        var followRows = new List<object?[]>();
        long contactId = 0, tagId = 0, followId = 0;
        var start = now.AddYears(-3);
        var span = (now - start).TotalSeconds;

        for (var id = 1; id <= customers; id++)
        {
            var (name, shortName, industry) = generator.CompanyName();
            var created = start.AddSeconds(span * id / customers);
            var status = generator.Pick(DataGenerator.Statuses);
            long? revenue = generator.Next(10) < 8 ? generator.Next(300_000) * 1000L : null;
            int? years = generator.Next(10) < 8 ? generator.Next(12) : null;
            var level = EnumNames.Level(CustomerGrade.Evaluate(EnumNames.Status(status), revenue / 100m, years));
            var owner = 2 + (id % SalesCount);
            var code = "CUS" + created.AddHours(8).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + id.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

            DateTime? last = null;
            for (var f = 0; f < 5; f++)
            {
                var at = created.AddSeconds(generator.NextDouble() * (now - created).TotalSeconds);
                if (generator.Next(10) == 0)
                {
                    continue;
                }

                last = last is null || at > last ? at : last;
                followRows.Add([++followId, id, name, code, null, at, generator.Pick(DataGenerator.Methods), "电话沟通了采购计划，客户关注交期和价格。", null, owner, at, at]);
            }

            // 7 in 10 customers have a next follow-up planned by their latest record, 1–60 days after it at 09:00–18:00
            // Beijing time: around the data set's end (2026-11-30) some are due on any given day and many are overdue (工作台).
            // Derived from the id, so the random sequence (and every other figure of the data set) stays as it was.
            DateTime? next = null;
            if (last is { } latest && id % 10 < 7)
            {
                next = latest.Date.AddDays(1 + (id % 60)).AddHours(1 + (id % 10));
                for (var i = followRows.Count - 1; i >= 0 && (int)followRows[i][1]! == id; i--)
                {
                    if ((DateTime)followRows[i][5]! == latest)
                    {
                        followRows[i][8] = next;
                        break;
                    }
                }
            }

            customerRows.Add([id, code, code, name, CustomerName.DuplicateKey(name), Crm.Web.Data.Search.CustomerSearch.TextOf(name, shortName, code), shortName, "enterprise", industry, generator.Pick(["小型", "中型", "大型"]), generator.Pick(DataGenerator.Cities) + "市工业园区" + generator.Next(300) + "号", null, null, level, null, "月结30天", 30, generator.Pick(["展会", "网络", "转介绍"]), owner, status, revenue, years, last, next, owner, created, created, 1]);

            for (var c = 0; c < 3; c++)
            {
                var mobile = generator.Mobile();
                var person = generator.PersonName();
                var email = $"u{contactId + 1}@example.cn";
                var birthday = new DateOnly(1960 + generator.Next(40), 1 + generator.Next(12), 1 + generator.Next(28));
                contactRows.Add([++contactId, id, person, generator.Pick(DataGenerator.Positions), generator.Pick(DataGenerator.Departments), mobile, null, email, null, birthday, Crm.Domain.Contacts.Birthdays.MonthDay(birthday), null, null, c == 0, Crm.Web.Data.Search.ContactSearch.TextOf(person, mobile, email, name), created, created, owner]);
            }

            var firstTag = generator.Next(DataGenerator.Tags.Length);
            var secondTag = (firstTag + 1 + generator.Next(DataGenerator.Tags.Length - 1)) % DataGenerator.Tags.Length;
            tagRows.Add([++tagId, id, DataGenerator.Tags[firstTag], created]);
            tagRows.Add([++tagId, id, DataGenerator.Tags[secondTag], created]);

            // A rare tag on one customer in a thousand (derived from the id, so the random sequence stays as it was):
            // the list-by-tag scenarios need a tag on few customers next to one on a fifth of them.
            if (id % 1000 == 1)
            {
                tagRows.Add([++tagId, id, DataGenerator.RareTag, created]);
            }

            if (customerRows.Count >= 20_000 || id == customers)
            {
                await InsertAsync(connection, "customers", ["id", "customer_code", "customer_code_key", "name", "name_key", "search_text", "short_name", "customer_type", "industry", "scale", "address", "website", "established_date", "customer_level", "credit_limit_fen", "payment_terms", "account_period", "customer_source", "sales_owner_id", "status", "annual_revenue_fen", "cooperation_years", "last_follow_up_at", "next_follow_up_at", "created_by_id", "created_at", "updated_at", "version"], customerRows);
                await InsertAsync(connection, "contacts", ["id", "customer_id", "name", "position", "department", "mobile", "phone", "email", "wechat", "birthday", "birthday_month_day", "hobbies", "notes", "is_primary", "search_text", "created_at", "updated_at", "sales_owner_id"], contactRows);
                await InsertAsync(connection, "customer_tags", ["id", "customer_id", "tag_name", "created_at"], tagRows);
                await InsertAsync(connection, "follow_ups", ["id", "customer_id", "customer_name_snapshot", "customer_code_snapshot", "contact_id", "follow_up_at", "method", "content", "next_follow_up_at", "created_by_id", "created_at", "updated_at"], followRows);
                customerRows.Clear();
                contactRows.Clear();
                tagRows.Clear();
                followRows.Clear();
                Console.Error.Write($"\r  loaded {id:N0} / {customers:N0} customers ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        if (IsPostgres)
        {
            foreach (var table in new[] { "users", "customers", "contacts", "customer_tags", "follow_ups" })
            {
                await ExecAsync(connection, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))");
            }

            await ExecAsync(connection, "VACUUM ANALYZE");
        }
        else
        {
            await ExecAsync(connection, "ANALYZE; PRAGMA optimize;");
        }

        // The customer and tag counters (decisions 0016, 0083) follow the load through their triggers: once per COPY on PostgreSQL
        // (statement triggers), once per row on SQLite. A recount proves them right before anything reads them.
        await CheckCountersAsync(connection);

        Console.Error.WriteLine($"\r  loaded {customers:N0} customers, {contactId:N0} contacts, {tagId:N0} tags, {followId:N0} follow-ups in {watch.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Throws unless the counters, summed over their shards (PostgreSQL writers spread over several), are a recount of the customers and vice versa.</summary>
    public static async Task CheckCountersAsync(DbConnection connection)
    {
        const string recount =
            "SELECT sales_owner_id, coalesce(status, ''), customer_level, count(*), sum(coalesce(annual_revenue_fen, 0)), " +
            "sum(coalesce(cooperation_years, 0)), count(cooperation_years) FROM customers GROUP BY 1, 2, 3";
        // Summed per key: on PostgreSQL a key may have several rows (per-transaction shards).
        const string counters =
            "SELECT sales_owner_id, status_key, customer_level, sum(customers), sum(annual_revenue_fen), sum(cooperation_years_sum), sum(cooperation_years_count) " +
            "FROM customer_counters GROUP BY 1, 2, 3 " +
            "HAVING sum(customers) <> 0 OR sum(annual_revenue_fen) <> 0 OR sum(cooperation_years_sum) <> 0 OR sum(cooperation_years_count) <> 0";
        await CheckSameAsync(connection, recount, counters, "customer_counters disagree with a recount of customers.");

        // The tag counters (decision 0083) likewise.
        await CheckSameAsync(
            connection,
            "SELECT tag_name, count(*) FROM customer_tags GROUP BY 1",
            "SELECT tag_name, sum(customers) FROM tag_counters GROUP BY 1 HAVING sum(customers) <> 0",
            "tag_counters disagree with a recount of customer_tags.");
    }

    private static async Task CheckSameAsync(DbConnection connection, string recount, string counters, string error)
    {
        foreach (var sql in new[] { $"{recount} EXCEPT {counters}", $"{counters} EXCEPT {recount}" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM ({sql}) AS differences";
            command.CommandTimeout = 0;
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                throw new InvalidOperationException(error);
            }
        }
    }

    internal static async Task InsertAsync(DbConnection connection, string table, string[] columns, List<object?[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (connection is NpgsqlConnection pg)
        {
            await using var importer = await pg.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                for (var column = 0; column < row.Length; column++)
                {
                    var value = row[column];
                    if (value is int small && !Int32Columns.Contains(columns[column]))
                    {
                        value = (long)small;
                    }

                    switch (value)
                    {
                        case null:
                            await importer.WriteNullAsync();
                            break;
                        case DateTime dt:
                            await importer.WriteAsync(dt, NpgsqlDbType.TimestampTz);
                            break;
                        case DateOnly d:
                            await importer.WriteAsync(d, NpgsqlDbType.Date);
                            break;
                        case int i:
                            await importer.WriteAsync(i, NpgsqlDbType.Integer);
                            break;
                        case long l:
                            await importer.WriteAsync(l, NpgsqlDbType.Bigint);
                            break;
                        case bool b:
                            await importer.WriteAsync(b, NpgsqlDbType.Boolean);
                            break;
                        default:
                            await importer.WriteAsync(value.ToString()!, NpgsqlDbType.Varchar);
                            break;
                    }
                }
            }

            await importer.CompleteAsync();
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "$p" + i;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    bool b => b ? 1 : 0,
                    var v => v,
                };
            }

            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>The integer (not bigint) columns of the schema; every other whole number is written as bigint.</summary>
    private static readonly HashSet<string> Int32Columns = ["account_period", "cooperation_years", "version", "failed_login_count", "birthday_month_day"];

    public static async Task ExecAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}

internal static class EnumNames
{
    public static CustomerStatus Status(string s) => Enum.Parse<CustomerStatus>(s, ignoreCase: true);

    public static string Level(CustomerLevel level) => level.ToString();
}
