using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BirthdayOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contacts_birthday_month_day",
                table: "contacts");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_birthday_month_day_id",
                table: "contacts",
                columns: new[] { "birthday_month_day", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contacts_birthday_month_day_id",
                table: "contacts");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_birthday_month_day",
                table: "contacts",
                column: "birthday_month_day");
        }
    }
}
