using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "'-infinity'");

            // Each tag row holds its customer's creation time, kept by triggers so that no writer (API, imports, COPY,
            // raw SQL, restores) can forget it (decision 0078). Filled before the index is built.
            migrationBuilder.Sql("UPDATE customer_tags t SET customer_created_at = cu.created_at FROM customers cu WHERE cu.id = t.customer_id;");

            // A tag row inserted or moved takes its customer's creation time (a missing customer is left to the foreign key).
            migrationBuilder.Sql("""
                CREATE FUNCTION customer_tags_customer_created_at_set() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.customer_created_at := coalesce((SELECT cu.created_at FROM customers cu WHERE cu.id = NEW.customer_id), NEW.customer_created_at);
                    RETURN NEW;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customer_tags_customer_created_at BEFORE INSERT OR UPDATE OF customer_id, customer_created_at ON customer_tags
                FOR EACH ROW EXECUTE FUNCTION customer_tags_customer_created_at_set();
                """);

            // The app never changes a customer's creation time; anything else that does passes it on. A row trigger that
            // fires only when the UPDATE sets the column, so the app's updates pay nothing for it.
            migrationBuilder.Sql("""
                CREATE FUNCTION customers_created_at_tags() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE customer_tags SET customer_created_at = NEW.created_at WHERE customer_id = NEW.id;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_created_at_tags AFTER UPDATE OF created_at ON customers
                FOR EACH ROW WHEN (NEW.created_at IS DISTINCT FROM OLD.created_at) EXECUTE FUNCTION customers_created_at_tags();
                """);

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_tag_name_customer_created_at_customer_id",
                table: "customer_tags",
                columns: new[] { "tag_name", "customer_created_at", "customer_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_created_at_tags ON customers;");
            migrationBuilder.Sql("DROP FUNCTION customers_created_at_tags();");
            migrationBuilder.Sql("DROP TRIGGER customer_tags_customer_created_at ON customer_tags;");
            migrationBuilder.Sql("DROP FUNCTION customer_tags_customer_created_at_set();");
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
