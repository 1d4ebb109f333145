using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchBackfillIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_stats",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_without_search_text",
                table: "customers",
                column: "id",
                filter: "search_text = ''");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_without_search_text",
                table: "contacts",
                column: "id",
                filter: "search_text = ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_without_search_text",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_contacts_without_search_text",
                table: "contacts");

            migrationBuilder.CreateIndex(
                name: "ix_customers_stats",
                table: "customers",
                columns: new[] { "sales_owner_id", "status", "customer_level", "annual_revenue_fen", "cooperation_years" });
        }
    }
}
