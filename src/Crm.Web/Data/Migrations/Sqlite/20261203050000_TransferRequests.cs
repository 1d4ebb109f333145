using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TransferRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "transfer_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    customer_name_snapshot = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    customer_code_snapshot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    from_user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    to_user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    requested_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    decided_by_id = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transfer_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_transfer_requests_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_transfer_requests_decided_by_id",
                        column: x => x.decided_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_transfer_requests_from_user_id",
                        column: x => x.from_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_transfer_requests_requested_by_id",
                        column: x => x.requested_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_transfer_requests_to_user_id",
                        column: x => x.to_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_customer_id_requested_at",
                table: "transfer_requests",
                columns: new[] { "customer_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_decided_by_id",
                table: "transfer_requests",
                column: "decided_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_from_user_id",
                table: "transfer_requests",
                column: "from_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_one_pending_per_customer",
                table: "transfer_requests",
                column: "customer_id",
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_requested_by_id_requested_at",
                table: "transfer_requests",
                columns: new[] { "requested_by_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_status_requested_at_id",
                table: "transfer_requests",
                columns: new[] { "status", "requested_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_transfer_requests_to_user_id",
                table: "transfer_requests",
                column: "to_user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "transfer_requests");
        }
    }
}
