using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactSalesOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contacts_customer_id_birthday_month_day",
                table: "contacts");

            migrationBuilder.AddColumn<long>(
                name: "sales_owner_id",
                table: "contacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // The owner of each contact is its customer's, kept by triggers so that no writer (API, transfers, bulk
            // reassignment, imports, raw SQL) can forget it (decision 0052). Filled before the index is built.
            migrationBuilder.Sql("UPDATE contacts SET sales_owner_id = (SELECT cu.sales_owner_id FROM customers cu WHERE cu.id = contacts.customer_id);");
            migrationBuilder.Sql($"""
                CREATE TRIGGER contacts_sales_owner_insert AFTER INSERT ON contacts
                WHEN {Stale} BEGIN {Fix} END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER contacts_sales_owner_update AFTER UPDATE OF customer_id, sales_owner_id ON contacts
                WHEN {Stale} BEGIN {Fix} END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_sales_owner_contacts AFTER UPDATE OF sales_owner_id ON customers
                WHEN NEW.sales_owner_id IS NOT OLD.sales_owner_id BEGIN
                    UPDATE contacts SET sales_owner_id = NEW.sales_owner_id WHERE customer_id = NEW.id;
                END;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_sales_owner_id_birthday_month_day_id",
                table: "contacts",
                columns: new[] { "sales_owner_id", "birthday_month_day", "id" });
        }

        /// <summary>The contact's owner differs from its customer's (a missing customer is left to the foreign key).</summary>
        private const string Stale = "EXISTS (SELECT 1 FROM customers cu WHERE cu.id = NEW.customer_id AND cu.sales_owner_id IS NOT NEW.sales_owner_id)";

        private const string Fix = "UPDATE contacts SET sales_owner_id = (SELECT cu.sales_owner_id FROM customers cu WHERE cu.id = NEW.customer_id) WHERE id = NEW.id;";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_sales_owner_contacts;");
            migrationBuilder.Sql("DROP TRIGGER contacts_sales_owner_update;");
            migrationBuilder.Sql("DROP TRIGGER contacts_sales_owner_insert;");
            migrationBuilder.DropIndex(
                name: "ix_contacts_sales_owner_id_birthday_month_day_id",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "sales_owner_id",
                table: "contacts");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_customer_id_birthday_month_day",
                table: "contacts",
                columns: new[] { "customer_id", "birthday_month_day" });
        }
    }
}
