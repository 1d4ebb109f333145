using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CounterShards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite has one writer at a time, so every count stays in shard 0 (decision 0016); the key changes so that
            // both engines share one model. The table is rebuilt for the new key: the triggers that write it go first
            // (SQLite re-checks them when the rebuilt table is renamed) and come back with the new conflict key.
            DropTriggers(migrationBuilder);
            Rebuild(migrationBuilder, "shard INTEGER NOT NULL DEFAULT 0,", "0", "sales_owner_id, status_key, customer_level, shard");
            CreateTriggers(migrationBuilder, "sales_owner_id, status_key, customer_level, shard");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropTriggers(migrationBuilder);
            Rebuild(migrationBuilder, "", null, "sales_owner_id, status_key, customer_level");
            CreateTriggers(migrationBuilder, "sales_owner_id, status_key, customer_level");
        }

        /// <summary>
        /// Rebuilds customer_counters with the key <paramref name="key"/> by hand: EF would defer its own rebuild to the
        /// end of the migration, after the triggers that must see the new key.
        /// </summary>
        private static void Rebuild(MigrationBuilder migrationBuilder, string shardColumn, string shardValue, string key)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE ef_temp_customer_counters (
                    sales_owner_id INTEGER NOT NULL,
                    status_key TEXT NOT NULL,
                    customer_level TEXT NOT NULL,
                    {shardColumn}
                    customers INTEGER NOT NULL,
                    annual_revenue_fen INTEGER NOT NULL,
                    cooperation_years_sum INTEGER NOT NULL,
                    cooperation_years_count INTEGER NOT NULL,
                    CONSTRAINT pk_customer_counters PRIMARY KEY ({key}));
                """);
            migrationBuilder.Sql($"""
                INSERT INTO ef_temp_customer_counters (sales_owner_id, status_key, customer_level, {(shardValue is null ? "" : "shard, ")}customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                SELECT sales_owner_id, status_key, customer_level, {(shardValue is null ? "" : shardValue + ", ")}sum(customers), sum(annual_revenue_fen), sum(cooperation_years_sum), sum(cooperation_years_count)
                FROM customer_counters GROUP BY sales_owner_id, status_key, customer_level;
                """);
            migrationBuilder.Sql("DROP TABLE customer_counters;");
            migrationBuilder.Sql("ALTER TABLE ef_temp_customer_counters RENAME TO customer_counters;");
        }

        private static void DropTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_counters_update;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_delete;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_insert;");
        }

        /// <summary>The row triggers of the CustomerCounters migration, upserting on <paramref name="conflictKey"/>.</summary>
        private static void CreateTriggers(MigrationBuilder migrationBuilder, string conflictKey)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_counters_insert AFTER INSERT ON customers BEGIN
                    {AddCounts("new", "1", conflictKey)}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_counters_delete AFTER DELETE ON customers BEGIN
                    {AddCounts("old", "-1", conflictKey)}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_counters_update
                AFTER UPDATE OF sales_owner_id, status, customer_level, annual_revenue_fen, cooperation_years ON customers
                WHEN old.sales_owner_id IS NOT new.sales_owner_id OR old.status IS NOT new.status
                    OR old.customer_level IS NOT new.customer_level OR old.annual_revenue_fen IS NOT new.annual_revenue_fen
                    OR old.cooperation_years IS NOT new.cooperation_years
                BEGIN
                    {AddCounts("old", "-1", conflictKey)}
                    {AddCounts("new", "1", conflictKey)}
                END;
                """);
        }

        /// <summary>Adds (sign 1) or removes (sign -1) the customer in the trigger's new or old row to its counter row.</summary>
        private static string AddCounts(string row, string sign, string conflictKey) => $"""
            INSERT INTO customer_counters (sales_owner_id, status_key, customer_level, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                    VALUES ({row}.sales_owner_id, coalesce({row}.status, ''), {row}.customer_level, {sign},
                        {sign} * coalesce({row}.annual_revenue_fen, 0), {sign} * coalesce({row}.cooperation_years, 0), {sign} * ({row}.cooperation_years IS NOT NULL))
                    ON CONFLICT ({conflictKey}) DO UPDATE SET
                        customers = customer_counters.customers + excluded.customers,
                        annual_revenue_fen = customer_counters.annual_revenue_fen + excluded.annual_revenue_fen,
                        cooperation_years_sum = customer_counters.cooperation_years_sum + excluded.cooperation_years_sum,
                        cooperation_years_count = customer_counters.cooperation_years_count + excluded.cooperation_years_count;
            """;
    }
}
