using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TagCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tag_counters",
                columns: table => new
                {
                    tag_name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    shard = table.Column<short>(type: "smallint", nullable: false),
                    customers = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_counters", x => new { x.tag_name, x.shard });
                });

            // How many customers carry each tag, kept in step by statement triggers on customer_tags (decision 0083),
            // like the customer counters (0016): one grouped upsert per statement in key order, into this transaction's
            // shard, so concurrent writers of one tag do not queue on one row; CounterShardFold folds the shards back.
            migrationBuilder.Sql($$"""
                CREATE FUNCTION tag_counters_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        {{AddCounts("SELECT tag_name, 1 AS sign FROM new_rows")}}
                    ELSIF TG_OP = 'DELETE' THEN
                        {{AddCounts("SELECT tag_name, -1 AS sign FROM old_rows")}}
                    ELSE
                        {{AddCounts(RenamedRows)}}
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customer_tags_counters_insert AFTER INSERT ON customer_tags
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tag_counters_apply();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customer_tags_counters_update AFTER UPDATE ON customer_tags
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tag_counters_apply();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customer_tags_counters_delete AFTER DELETE ON customer_tags
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tag_counters_apply();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION tag_counters_clear() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM tag_counters;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER customer_tags_counters_truncate AFTER TRUNCATE ON customer_tags FOR EACH STATEMENT EXECUTE FUNCTION tag_counters_clear();");
            migrationBuilder.Sql("INSERT INTO tag_counters (tag_name, shard, customers) SELECT tag_name, 0, count(*) FROM customer_tags GROUP BY tag_name;");
        }

        /// <summary>Renamed tag rows: the old name out (-1), the new one in (+1).</summary>
        private const string RenamedRows = """
            SELECT v.* FROM old_rows o JOIN new_rows n ON n.id = o.id
                            CROSS JOIN LATERAL (VALUES (o.tag_name, -1), (n.tag_name, 1)) AS v (tag_name, sign)
                            WHERE o.tag_name IS DISTINCT FROM n.tag_name
            """;

        /// <summary>One upsert of the summed deltas of <paramref name="rows"/> into this transaction's shard, in key order.</summary>
        private static string AddCounts(string rows) => $"""
            INSERT INTO tag_counters AS c (tag_name, shard, customers)
                            SELECT tag_name, (txid_current() % {CustomerCounter.Shards})::smallint, sum(sign)
                            FROM ({rows}) AS d
                            GROUP BY 1
                            ORDER BY 1
                            ON CONFLICT (tag_name, shard) DO UPDATE SET customers = c.customers + excluded.customers;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_truncate ON customer_tags;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_delete ON customer_tags;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_update ON customer_tags;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_insert ON customer_tags;");
            migrationBuilder.Sql("DROP FUNCTION tag_counters_clear();");
            migrationBuilder.Sql("DROP FUNCTION tag_counters_apply();");
            migrationBuilder.DropTable(
                name: "tag_counters");
        }
    }
}
