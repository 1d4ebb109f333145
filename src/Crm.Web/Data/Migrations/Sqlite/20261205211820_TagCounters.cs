using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
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
                    tag_name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    slot = table.Column<long>(type: "INTEGER", nullable: false),
                    customers = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_counters", x => new { x.tag_name, x.slot });
                });

            // How many customers carry each tag, kept in step by row triggers on customer_tags (decision 0083): every
            // writer is covered (API, imports, a customer's delete cascading to its tags, raw SQL). SQLite has one
            // writer at a time, so each adds to slot 0. A later migration that makes EF rebuild customer_tags must
            // re-create these.
            migrationBuilder.Sql($"""
                CREATE TRIGGER customer_tags_counters_insert AFTER INSERT ON customer_tags BEGIN
                    {AddCount("new", "1")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customer_tags_counters_delete AFTER DELETE ON customer_tags BEGIN
                    {AddCount("old", "-1")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customer_tags_counters_update AFTER UPDATE OF tag_name ON customer_tags
                WHEN old.tag_name IS NOT new.tag_name BEGIN
                    {AddCount("old", "-1")}
                    {AddCount("new", "1")}
                END;
                """);
            migrationBuilder.Sql("INSERT INTO tag_counters (tag_name, slot, customers) SELECT tag_name, 0, count(*) FROM customer_tags GROUP BY tag_name;");
        }

        /// <summary>Adds (sign 1) or removes (sign -1) the tag of the trigger's new or old row to its total.</summary>
        private static string AddCount(string row, string sign) => $"""
            INSERT INTO tag_counters (tag_name, slot, customers) VALUES ({row}.tag_name, 0, {sign})
                    ON CONFLICT (tag_name, slot) DO UPDATE SET customers = tag_counters.customers + excluded.customers;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_update;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_delete;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_counters_insert;");
            migrationBuilder.DropTable(
                name: "tag_counters");
        }
    }
}
