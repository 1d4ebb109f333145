using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>
/// --reassign: the departure case of issue 9 at full size. Every customer of the data set is first given to one
/// salesperson (setup, untimed), then moved to another through POST /customers/reassign (timed, target &lt; 10 s for
/// 100,000 on SQLite), then moved back by the hand-written statement the app's one UPDATE amounts to (timed, the
/// reference). After each move the customer counters must equal a recount (decision 0016).
/// </summary>
internal static class ReassignBench
{
    private const int Leaver = 2;
    private const int Successor = 3;

    public static async Task<string> RunAsync(HttpClient admin, DbConnection db, int customers)
    {
        await Loader.ExecAsync(db, $"UPDATE customers SET sales_owner_id = {Leaver} WHERE sales_owner_id <> {Leaver}");
        await Loader.CheckCountersAsync(db);

        // Other modes (--audit) may have added customers to a reused database: all of them move.
        await using (var count = db.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM customers";
            customers = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var watch = Stopwatch.StartNew();
        using var response = await admin.PostAsJsonAsync("/api/v1/sales/customers/reassign", new { from_user_id = Leaver, to_user_id = Successor });
        var apiMs = watch.Elapsed.TotalMilliseconds;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("moved").GetInt64() != customers)
        {
            throw new InvalidOperationException($"reassign answered {(int)response.StatusCode}: {body}");
        }

        await Loader.CheckCountersAsync(db);

        // The reference: the same move as one statement in one transaction, straight on the database.
        watch.Restart();
        await using (var transaction = await db.BeginTransactionAsync())
        {
            await using var command = db.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = 0;
            command.CommandText = $"UPDATE customers SET sales_owner_id = {Leaver}, version = version + 1, updated_at = @now WHERE sales_owner_id = {Successor}";
            var now = command.CreateParameter();
            now.ParameterName = "@now";
            now.Value = DateTime.UtcNow;
            command.Parameters.Add(now);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        var sqlMs = watch.Elapsed.TotalMilliseconds;
        await Loader.CheckCountersAsync(db);

        return $"| reassign all of one person's customers | {customers:N0} | {apiMs:F0} | {sqlMs:F0} | {apiMs / Math.Max(sqlMs, 0.001):F2}× | counters = recount |";
    }
}
