using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Workbench : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "ui_sessions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "next_follow_up_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            // Existing customers get the plan of their latest follow-up record (decision 0052); existing UI sessions hold
            // no stamp and end: everyone signs in once more after this upgrade (decision 0053).
            migrationBuilder.Sql(
                """
                UPDATE customers SET next_follow_up_at = (
                    SELECT f.next_follow_up_at FROM follow_ups f WHERE f.customer_id = customers.id
                    ORDER BY f.follow_up_at DESC, f.id DESC LIMIT 1)
                WHERE last_follow_up_at IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_ui_sessions_user_id",
                table: "ui_sessions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_customers_never_followed_up",
                table: "customers",
                columns: new[] { "created_at", "id" },
                filter: "last_follow_up_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_never_followed_up_by_owner",
                table: "customers",
                columns: new[] { "sales_owner_id", "created_at", "id" },
                filter: "last_follow_up_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_next_follow_up_at_id",
                table: "customers",
                columns: new[] { "next_follow_up_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_sales_owner_id_next_follow_up_at_id",
                table: "customers",
                columns: new[] { "sales_owner_id", "next_follow_up_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_customer_id_birthday_month_day",
                table: "contacts",
                columns: new[] { "customer_id", "birthday_month_day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ui_sessions_user_id",
                table: "ui_sessions");

            migrationBuilder.DropIndex(
                name: "ix_customers_never_followed_up",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_never_followed_up_by_owner",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_next_follow_up_at_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_sales_owner_id_next_follow_up_at_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_contacts_customer_id_birthday_month_day",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "ui_sessions");

            migrationBuilder.DropColumn(
                name: "next_follow_up_at",
                table: "customers");
        }
    }
}
