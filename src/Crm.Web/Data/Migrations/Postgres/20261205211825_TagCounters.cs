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
                    slot = table.Column<long>(type: "bigint", nullable: false),
                    customers = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_counters", x => new { x.tag_name, x.slot });
                });

            // How many customers carry each tag, kept in step by statement triggers on customer_tags (decision 0083).
            // Each statement inserts rows of its own (a slot from a sequence) instead of updating the tag's total, so
            // writers never wait for one another, nor deadlock with the customer counters' row locks (a customer's
            // delete reaches its tags before its counters, an import the other way round). CounterShardFold adds them
            // into slot 0 every minute; readers sum a tag's rows.
            migrationBuilder.Sql("CREATE SEQUENCE tag_counter_slots;");
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
            migrationBuilder.Sql("INSERT INTO tag_counters (tag_name, slot, customers) SELECT tag_name, 0, count(*) FROM customer_tags GROUP BY tag_name;");
        }

        /// <summary>Renamed tag rows: the old name out (-1), the new one in (+1).</summary>
        private const string RenamedRows = """
            SELECT v.* FROM old_rows o JOIN new_rows n ON n.id = o.id
                            CROSS JOIN LATERAL (VALUES (o.tag_name, -1), (n.tag_name, 1)) AS v (tag_name, sign)
                            WHERE o.tag_name IS DISTINCT FROM n.tag_name
            """;

        /// <summary>The summed deltas of <paramref name="rows"/>, each tag's in a new row of its own.</summary>
        private static string AddCounts(string rows) => $"""
            INSERT INTO tag_counters (tag_name, slot, customers)
                            SELECT tag_name, nextval('tag_counter_slots'), sum(sign)
                            FROM ({rows}) AS d
                            GROUP BY 1
                            HAVING sum(sign) <> 0;
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
            migrationBuilder.Sql("DROP SEQUENCE tag_counter_slots;");
            migrationBuilder.DropTable(
                name: "tag_counters");
        }
    }
}
