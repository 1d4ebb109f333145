using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    actor_id = table.Column<long>(type: "INTEGER", nullable: true),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    entity_id = table.Column<long>(type: "INTEGER", nullable: true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    changes = table.Column<string>(type: "TEXT", nullable: true),
                    snapshot = table.Column<string>(type: "TEXT", nullable: true),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_action_at",
                table: "audit_entries",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_id_at",
                table: "audit_entries",
                columns: new[] { "actor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at_id",
                table: "audit_entries",
                columns: new[] { "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_customer_id_at_id",
                table: "audit_entries",
                columns: new[] { "customer_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_entity_id_at",
                table: "audit_entries",
                columns: new[] { "entity_type", "entity_id", "at" });

            // Append-only (decision 0019): the database itself refuses to change or remove an entry.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
            migrationBuilder.DropTable(
                name: "audit_entries");
        }
    }
}
