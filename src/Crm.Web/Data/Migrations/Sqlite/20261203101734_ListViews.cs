using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "list_column_settings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    list = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    columns = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_list_column_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_list_column_settings_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "list_views",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    list = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    query = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    columns = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_list_views", x => x.id);
                    table.ForeignKey(
                        name: "fk_list_views_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_next_follow_up_at_customer_id",
                table: "follow_ups",
                columns: new[] { "next_follow_up_at", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_list_column_settings_user_id_list",
                table: "list_column_settings",
                columns: new[] { "user_id", "list" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_list_views_user_id_list_name",
                table: "list_views",
                columns: new[] { "user_id", "list", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "list_column_settings");

            migrationBuilder.DropTable(
                name: "list_views");

            migrationBuilder.DropIndex(
                name: "ix_follow_ups_next_follow_up_at_customer_id",
                table: "follow_ups");
        }
    }
}
