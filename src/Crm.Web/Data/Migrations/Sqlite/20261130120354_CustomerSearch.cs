using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "customers",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Trigram index over the fenced search text (see Crm.Domain.Customers.SearchText), kept in step by
            // triggers. External content: the text is stored once, in customers.search_text.
            // Note: a later migration that makes EF rebuild the customers table must re-create these triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE customer_search USING fts5(
                    search_text, content='customers', content_rowid='id', tokenize='trigram case_sensitive 1');
                """);
            migrationBuilder.Sql("CREATE VIRTUAL TABLE customer_search_vocab USING fts5vocab(customer_search, 'row');");
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
                    INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
                    INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers BEGIN
                    INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                    INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO customer_search(customer_search) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS customers_search_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS customers_search_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS customers_search_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS customer_search_vocab;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS customer_search;");
            migrationBuilder.DropColumn(
                name: "search_text",
                table: "customers");
        }
    }
}
