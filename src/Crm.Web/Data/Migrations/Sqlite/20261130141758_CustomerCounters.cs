using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customer_counters",
                columns: table => new
                {
                    sales_owner_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status_key = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    customer_level = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    customers = table.Column<long>(type: "INTEGER", nullable: false),
                    annual_revenue_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    cooperation_years_sum = table.Column<long>(type: "INTEGER", nullable: false),
                    cooperation_years_count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_counters", x => new { x.sales_owner_id, x.status_key, x.customer_level });
                });

            // Counters per owner, status and grade, kept in step by triggers (decision 0016). SQLite has one writer
            // at a time, so a row trigger per customer is enough. Like the search triggers: a later migration that
            // makes EF rebuild the customers table must re-create these.
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_counters_insert AFTER INSERT ON customers BEGIN
                    {AddCounts("new", "1")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_counters_delete AFTER DELETE ON customers BEGIN
                    {AddCounts("old", "-1")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_counters_update
                AFTER UPDATE OF sales_owner_id, status, customer_level, annual_revenue_fen, cooperation_years ON customers
                WHEN old.sales_owner_id IS NOT new.sales_owner_id OR old.status IS NOT new.status
                    OR old.customer_level IS NOT new.customer_level OR old.annual_revenue_fen IS NOT new.annual_revenue_fen
                    OR old.cooperation_years IS NOT new.cooperation_years
                BEGIN
                    {AddCounts("old", "-1")}
                    {AddCounts("new", "1")}
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO customer_counters (sales_owner_id, status_key, customer_level, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                SELECT sales_owner_id, coalesce(status, ''), customer_level, count(*), sum(coalesce(annual_revenue_fen, 0)), sum(coalesce(cooperation_years, 0)), count(cooperation_years)
                FROM customers
                GROUP BY sales_owner_id, coalesce(status, ''), customer_level;
                """);

            // Nothing reads the fts5vocab tables since keyword search counts phrase candidates instead (decision 0007).
            migrationBuilder.Sql("DROP TABLE IF EXISTS customer_search_vocab;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS contact_search_vocab;");
        }

        /// <summary>Adds (sign 1) or removes (sign -1) the customer in the trigger's new or old row to its counter row.</summary>
        private static string AddCounts(string row, string sign) => $"""
            INSERT INTO customer_counters (sales_owner_id, status_key, customer_level, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                    VALUES ({row}.sales_owner_id, coalesce({row}.status, ''), {row}.customer_level, {sign},
                        {sign} * coalesce({row}.annual_revenue_fen, 0), {sign} * coalesce({row}.cooperation_years, 0), {sign} * ({row}.cooperation_years IS NOT NULL))
                    ON CONFLICT (sales_owner_id, status_key, customer_level) DO UPDATE SET
                        customers = customer_counters.customers + excluded.customers,
                        annual_revenue_fen = customer_counters.annual_revenue_fen + excluded.annual_revenue_fen,
                        cooperation_years_sum = customer_counters.cooperation_years_sum + excluded.cooperation_years_sum,
                        cooperation_years_count = customer_counters.cooperation_years_count + excluded.cooperation_years_count;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE VIRTUAL TABLE contact_search_vocab USING fts5vocab(contact_search, 'row');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE customer_search_vocab USING fts5vocab(customer_search, 'row');");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_update;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_delete;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_insert;");
            migrationBuilder.DropTable(
                name: "customer_counters");
        }
    }
}
