using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TagSortKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customer_tags_tag_name_customer_id",
                table: "customer_tags");

            migrationBuilder.AddColumn<DateTime>(
                name: "customer_created_at",
                table: "customer_tags",
                type: "TEXT",
                nullable: false,
                defaultValueSql: "'0001-01-01 00:00:00'");

            // Each tag row holds its customer's creation time, kept by triggers so that no writer (API, imports, raw SQL,
            // restores) can forget it (decision 0078). Filled before the index is built.
            migrationBuilder.Sql("UPDATE customer_tags SET customer_created_at = (SELECT cu.created_at FROM customers cu WHERE cu.id = customer_tags.customer_id);");
            migrationBuilder.Sql($"""
                CREATE TRIGGER customer_tags_customer_created_at_insert AFTER INSERT ON customer_tags
                WHEN {Stale} BEGIN {Fix} END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customer_tags_customer_created_at_update AFTER UPDATE OF customer_id, customer_created_at ON customer_tags
                WHEN {Stale} BEGIN {Fix} END;
                """);

            // The app never changes a customer's creation time; anything else that does passes it on.
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_created_at_tags AFTER UPDATE OF created_at ON customers
                WHEN NEW.created_at IS NOT OLD.created_at BEGIN
                    UPDATE customer_tags SET customer_created_at = NEW.created_at WHERE customer_id = NEW.id;
                END;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_tag_name_customer_created_at_customer_id",
                table: "customer_tags",
                columns: new[] { "tag_name", "customer_created_at", "customer_id" });
        }

        /// <summary>The tag row's creation time differs from its customer's (a missing customer is left to the foreign key).</summary>
        private const string Stale = "EXISTS (SELECT 1 FROM customers cu WHERE cu.id = NEW.customer_id AND cu.created_at IS NOT NEW.customer_created_at)";

        private const string Fix = "UPDATE customer_tags SET customer_created_at = (SELECT cu.created_at FROM customers cu WHERE cu.id = NEW.customer_id) WHERE id = NEW.id;";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_created_at_tags;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_customer_created_at_update;");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_customer_created_at_insert;");
            migrationBuilder.DropIndex(
                name: "ix_customer_tags_tag_name_customer_created_at_customer_id",
                table: "customer_tags");

            migrationBuilder.DropColumn(
                name: "customer_created_at",
                table: "customer_tags");

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_tag_name_customer_id",
                table: "customer_tags",
                columns: new[] { "tag_name", "customer_id" });
        }
    }
}
