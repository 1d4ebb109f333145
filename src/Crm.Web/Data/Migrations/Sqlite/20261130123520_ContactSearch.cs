using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "contacts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Same trigram index as customer_search (decision 0007), over contacts.search_text.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE contact_search USING fts5(
                    search_text, content='contacts', content_rowid='id', tokenize='trigram case_sensitive 1');
                """);
            migrationBuilder.Sql("CREATE VIRTUAL TABLE contact_search_vocab USING fts5vocab(contact_search, 'row');");
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
                    INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
                    INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_text ON contacts BEGIN
                    INSERT INTO contact_search(contact_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                    INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO contact_search(contact_search) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_search_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_search_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_search_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS contact_search_vocab;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS contact_search;");
            migrationBuilder.DropColumn(
                name: "search_text",
                table: "contacts");
        }
    }
}
