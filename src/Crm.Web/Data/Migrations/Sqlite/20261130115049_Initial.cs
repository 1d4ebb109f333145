using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_secrets", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "code_sequences",
                columns: table => new
                {
                    day = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    last_value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_code_sequences", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    username = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    normalized_username = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    security_stamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    failed_login_count = table.Column<int>(type: "INTEGER", nullable: false),
                    lockout_end_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    customer_code_key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    short_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    customer_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    industry = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    scale = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    website = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    established_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    customer_level = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    credit_limit_fen = table.Column<long>(type: "INTEGER", nullable: true),
                    payment_terms = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    account_period = table.Column<int>(type: "INTEGER", nullable: true),
                    customer_source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    sales_owner_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    annual_revenue_fen = table.Column<long>(type: "INTEGER", nullable: true),
                    cooperation_years = table.Column<int>(type: "INTEGER", nullable: true),
                    last_follow_up_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_follow_up_sort = table.Column<DateTime>(type: "TEXT", nullable: false, computedColumnSql: "coalesce(last_follow_up_at, '0001-01-01 00:00:00')", stored: true),
                    annual_revenue_sort = table.Column<long>(type: "INTEGER", nullable: false, computedColumnSql: "coalesce(annual_revenue_fen, -1)", stored: true),
                    created_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                    table.ForeignKey(
                        name: "fk_customers_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_customers_sales_owner_id",
                        column: x => x.sales_owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    position = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    mobile = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    wechat = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    birthday = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    birthday_month_day = table.Column<int>(type: "INTEGER", nullable: true),
                    hobbies = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    is_primary = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_tags",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tag_name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_tags", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_tags_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    customer_name_snapshot = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    customer_code_snapshot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    follow_up_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    next_follow_up_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_ups", x => x.id);
                    table.ForeignKey(
                        name: "fk_follow_ups_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_follow_ups_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_follow_ups_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_birthday_month_day",
                table: "contacts",
                column: "birthday_month_day");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_customer_id_is_primary_created_at",
                table: "contacts",
                columns: new[] { "customer_id", "is_primary", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_email",
                table: "contacts",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_mobile",
                table: "contacts",
                column: "mobile");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_name",
                table: "contacts",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_one_primary_per_customer",
                table: "contacts",
                column: "customer_id",
                unique: true,
                filter: "is_primary = 1");

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_customer_id_tag_name",
                table: "customer_tags",
                columns: new[] { "customer_id", "tag_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_tag_name_customer_id",
                table: "customer_tags",
                columns: new[] { "tag_name", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_annual_revenue_sort_id",
                table: "customers",
                columns: new[] { "annual_revenue_sort", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_created_at_id",
                table: "customers",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_created_by_id",
                table: "customers",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_customers_customer_code_id",
                table: "customers",
                columns: new[] { "customer_code", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_customer_code_key",
                table: "customers",
                column: "customer_code_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customers_customer_level_created_at",
                table: "customers",
                columns: new[] { "customer_level", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_industry_created_at",
                table: "customers",
                columns: new[] { "industry", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_last_follow_up_sort_id",
                table: "customers",
                columns: new[] { "last_follow_up_sort", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_name_id",
                table: "customers",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_sales_owner_id_created_at_id",
                table: "customers",
                columns: new[] { "sales_owner_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_sales_owner_id_last_follow_up_sort_id",
                table: "customers",
                columns: new[] { "sales_owner_id", "last_follow_up_sort", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_status_created_at",
                table: "customers",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_updated_at_id",
                table: "customers",
                columns: new[] { "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_contact_id",
                table: "follow_ups",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_created_by_id",
                table: "follow_ups",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_customer_id_follow_up_at",
                table: "follow_ups",
                columns: new[] { "customer_id", "follow_up_at" });

            migrationBuilder.CreateIndex(
                name: "ix_users_normalized_username",
                table: "users",
                column: "normalized_username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "code_sequences");

            migrationBuilder.DropTable(
                name: "customer_tags");

            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
