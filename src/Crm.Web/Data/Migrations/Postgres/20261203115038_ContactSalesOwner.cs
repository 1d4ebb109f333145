using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // The owner of each contact is its customer's, kept by triggers so that no writer (API, transfers, bulk
            // reassignment, imports, COPY, raw SQL) can forget it (decision 0052). Filled before the index is built.
            migrationBuilder.Sql("UPDATE contacts ct SET sales_owner_id = cu.sales_owner_id FROM customers cu WHERE cu.id = ct.customer_id;");

            // A contact inserted or moved takes its customer's owner (a missing customer is left to the foreign key).
            migrationBuilder.Sql("""
                CREATE FUNCTION contacts_sales_owner_set() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.sales_owner_id := coalesce((SELECT cu.sales_owner_id FROM customers cu WHERE cu.id = NEW.customer_id), NEW.sales_owner_id);
                    RETURN NEW;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_sales_owner BEFORE INSERT OR UPDATE OF customer_id, sales_owner_id ON contacts
                FOR EACH ROW EXECUTE FUNCTION contacts_sales_owner_set();
                """);

            // Customers whose owner changed pass it on to their contacts: one UPDATE per statement, so a bulk
            // reassignment of 100k customers is one join, not 100k trigger calls. EXECUTE plans it for the rows at hand
            // (a cached plan made for one customer would probe, one made for 100k would scan the contacts every time).
            migrationBuilder.Sql("""
                CREATE FUNCTION customers_sales_owner_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    EXECUTE 'UPDATE contacts ct SET sales_owner_id = n.sales_owner_id
                             FROM old_rows o JOIN new_rows n ON n.id = o.id
                             WHERE n.sales_owner_id <> o.sales_owner_id AND ct.customer_id = n.id';
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_sales_owner_contacts AFTER UPDATE ON customers
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_sales_owner_contacts();
                """);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_sales_owner_id_birthday_month_day_id",
                table: "contacts",
                columns: new[] { "sales_owner_id", "birthday_month_day", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_sales_owner_contacts ON customers;");
            migrationBuilder.Sql("DROP FUNCTION customers_sales_owner_contacts();");
            migrationBuilder.Sql("DROP TRIGGER contacts_sales_owner ON contacts;");
            migrationBuilder.Sql("DROP FUNCTION contacts_sales_owner_set();");
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
