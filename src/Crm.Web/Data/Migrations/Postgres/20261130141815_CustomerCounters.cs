using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Postgres
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
                    sales_owner_id = table.Column<long>(type: "bigint", nullable: false),
                    status_key = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    customer_level = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    customers = table.Column<long>(type: "bigint", nullable: false),
                    annual_revenue_fen = table.Column<long>(type: "bigint", nullable: false),
                    cooperation_years_sum = table.Column<long>(type: "bigint", nullable: false),
                    cooperation_years_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_counters", x => new { x.sales_owner_id, x.status_key, x.customer_level });
                });

            // Counters per owner, status and grade, kept in step by statement-level triggers (decision 0016): one
            // grouped upsert per statement, so a COPY or a bulk update costs one aggregate, not one upsert per row,
            // and the counter rows are locked in key order, so two statements cannot deadlock on them. Concurrent
            // inserts of a missing counter row are serialised by ON CONFLICT: the second waits and then adds.
            // A trigger with transition tables cannot name UPDATE columns, so the update branch keeps only the rows
            // whose counted columns changed.
            migrationBuilder.Sql($$"""
                CREATE FUNCTION customer_counters_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        {{AddCounts($"SELECT {Counted}, 1 AS sign FROM new_rows")}}
                    ELSIF TG_OP = 'DELETE' THEN
                        {{AddCounts($"SELECT {Counted}, -1 AS sign FROM old_rows")}}
                    ELSE
                        {{AddCounts(ChangedRows)}}
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_counters_insert AFTER INSERT ON customers
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counters_apply();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_counters_update AFTER UPDATE ON customers
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counters_apply();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_counters_delete AFTER DELETE ON customers
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counters_apply();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION customer_counters_clear() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM customer_counters;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER customers_counters_truncate AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION customer_counters_clear();");
            migrationBuilder.Sql("""
                INSERT INTO customer_counters (sales_owner_id, status_key, customer_level, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                SELECT sales_owner_id, coalesce(status, ''), customer_level, count(*), sum(coalesce(annual_revenue_fen, 0)), sum(coalesce(cooperation_years, 0)), count(cooperation_years)
                FROM customers
                GROUP BY sales_owner_id, coalesce(status, ''), customer_level;
                """);
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
        /// One upsert of the summed deltas of <paramref name="rows"/> (the <see cref="Counted"/> columns and a sign,
        /// +1 added, -1 removed), in key order.
        /// </summary>
        private static string AddCounts(string rows) => $"""
            INSERT INTO customer_counters AS c (sales_owner_id, status_key, customer_level, customers, annual_revenue_fen, cooperation_years_sum, cooperation_years_count)
                        SELECT sales_owner_id, coalesce(status, ''), customer_level, sum(sign), sum(sign * coalesce(annual_revenue_fen, 0)),
                            sum(sign * coalesce(cooperation_years, 0)), sum(sign * (cooperation_years IS NOT NULL)::int)
                        FROM ({rows}) AS d
                        GROUP BY 1, 2, 3
                        ORDER BY 1, 2, 3
                        ON CONFLICT (sales_owner_id, status_key, customer_level) DO UPDATE SET
                            customers = c.customers + excluded.customers,
                            annual_revenue_fen = c.annual_revenue_fen + excluded.annual_revenue_fen,
                            cooperation_years_sum = c.cooperation_years_sum + excluded.cooperation_years_sum,
                            cooperation_years_count = c.cooperation_years_count + excluded.cooperation_years_count;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_counters_truncate ON customers;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_delete ON customers;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_update ON customers;");
            migrationBuilder.Sql("DROP TRIGGER customers_counters_insert ON customers;");
            migrationBuilder.Sql("DROP FUNCTION customer_counters_clear();");
            migrationBuilder.Sql("DROP FUNCTION customer_counters_apply();");
            migrationBuilder.DropTable(
                name: "customer_counters");
        }
    }
}
