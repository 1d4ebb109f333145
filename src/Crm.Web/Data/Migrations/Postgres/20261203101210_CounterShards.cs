using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CounterShards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_customer_counters",
                table: "customer_counters");

            migrationBuilder.AddColumn<short>(
                name: "shard",
                table: "customer_counters",
                type: "smallint",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddPrimaryKey(
                name: "pk_customer_counters",
                table: "customer_counters",
                columns: new[] { "sales_owner_id", "status_key", "customer_level", "shard" });

            // The same statement-level function as in CustomerCounters, adding to this transaction's shard (decision
            // 0016): concurrent creates of one owner, which all hit the same few counter rows, queued there from the
            // customer's INSERT to COMMIT (the soak's POST customer p95 was 2.9 s at 64 clients). A transaction keeps
            // one shard for all its statements, so the key order that rules out deadlocks still holds.
            migrationBuilder.Sql(ApplyFunction("(txid_current() % " + CustomerCounter.Shards + ")::smallint", "sales_owner_id, status_key, customer_level, shard"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ApplyFunction("0", "sales_owner_id, status_key, customer_level, shard"));
            migrationBuilder.Sql("""
                WITH moved AS (DELETE FROM customer_counters WHERE shard <> 0 RETURNING *)
                INSERT INTO customer_counters AS c (sales_owner_id, status_key, customer_level, shard, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                SELECT sales_owner_id, status_key, customer_level, 0, sum(customers), sum(annual_revenue_fen), sum(cooperation_years_sum), sum(cooperation_years_count)
                FROM moved GROUP BY 1, 2, 3
                ON CONFLICT (sales_owner_id, status_key, customer_level, shard) DO UPDATE SET
                    customers = c.customers + excluded.customers,
                    annual_revenue_fen = c.annual_revenue_fen + excluded.annual_revenue_fen,
                    cooperation_years_sum = c.cooperation_years_sum + excluded.cooperation_years_sum,
                    cooperation_years_count = c.cooperation_years_count + excluded.cooperation_years_count;
                """);
            migrationBuilder.DropPrimaryKey(
                name: "pk_customer_counters",
                table: "customer_counters");

            migrationBuilder.DropColumn(
                name: "shard",
                table: "customer_counters");

            migrationBuilder.AddPrimaryKey(
                name: "pk_customer_counters",
                table: "customer_counters",
                columns: new[] { "sales_owner_id", "status_key", "customer_level" });
            migrationBuilder.Sql(ApplyFunction(null, "sales_owner_id, status_key, customer_level"));
        }

        private const string Counted = "sales_owner_id, status, customer_level, annual_revenue_fen, cooperation_years";

        /// <summary>Updated customers whose counted columns changed: the old values out (-1), the new ones in (+1).</summary>
        private const string ChangedRows = """
            SELECT v.* FROM old_rows o JOIN new_rows n ON n.id = o.id
                        CROSS JOIN LATERAL (VALUES
                            (o.sales_owner_id, o.status, o.customer_level, o.annual_revenue_fen, o.cooperation_years, -1),
                            (n.sales_owner_id, n.status, n.customer_level, n.annual_revenue_fen, n.cooperation_years, 1))
                            AS v (sales_owner_id, status, customer_level, annual_revenue_fen, cooperation_years, sign)
                        WHERE (o.sales_owner_id, o.status, o.customer_level, o.annual_revenue_fen, o.cooperation_years)
                            IS DISTINCT FROM (n.sales_owner_id, n.status, n.customer_level, n.annual_revenue_fen, n.cooperation_years)
            """;

        /// <summary>
        /// The trigger function of the CustomerCounters migration, adding to the shard <paramref name="shard"/> (an SQL
        /// expression; null: the table has no shard column) with <paramref name="conflictKey"/> as the upsert's key.
        /// </summary>
        private static string ApplyFunction(string shard, string conflictKey) => $$"""
            CREATE OR REPLACE FUNCTION customer_counters_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    {{AddCounts($"SELECT {Counted}, 1 AS sign FROM new_rows", shard, conflictKey)}}
                ELSIF TG_OP = 'DELETE' THEN
                    {{AddCounts($"SELECT {Counted}, -1 AS sign FROM old_rows", shard, conflictKey)}}
                ELSE
                    {{AddCounts(ChangedRows, shard, conflictKey)}}
                END IF;
                RETURN NULL;
            END
            $$;
            """;

        /// <summary>One upsert of the summed deltas of <paramref name="rows"/>, in key order.</summary>
        private static string AddCounts(string rows, string shard, string conflictKey) => $"""
            INSERT INTO customer_counters AS c (sales_owner_id, status_key, customer_level{(shard is null ? "" : ", shard")}, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                        SELECT sales_owner_id, coalesce(status, ''), customer_level{(shard is null ? "" : ", " + shard)}, sum(sign), sum(sign * coalesce(annual_revenue_fen, 0)),
                            sum(sign * coalesce(cooperation_years, 0)), sum(sign * (cooperation_years IS NOT NULL)::int)
                        FROM ({rows}) AS d
                        GROUP BY 1, 2, 3
                        ORDER BY 1, 2, 3
                        ON CONFLICT ({conflictKey}) DO UPDATE SET
                            customers = c.customers + excluded.customers,
                            annual_revenue_fen = c.annual_revenue_fen + excluded.annual_revenue_fen,
                            cooperation_years_sum = c.cooperation_years_sum + excluded.cooperation_years_sum,
                            cooperation_years_count = c.cooperation_years_count + excluded.cooperation_years_count;
            """;
    }
}
