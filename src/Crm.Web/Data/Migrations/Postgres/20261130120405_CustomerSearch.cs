using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Data.Migrations.Postgres
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
                type: "text",
                nullable: false,
                defaultValue: "");

            // Trigram GIN index over the fenced search text (see Crm.Domain.Customers.SearchText). pg_trgm is not
            // used: it cannot look up 2-character Chinese terms. crm_search_match is a plain SQL function, so
            // PostgreSQL inlines it and the index on crm_trigrams(search_text) applies.
            migrationBuilder.Sql("""
                CREATE FUNCTION crm_trigrams(t text) RETURNS text[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
                $$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 3)), '{}'::text[]) FROM generate_series(1, char_length(t) - 2) AS i $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION crm_search_match(t text, grams text[]) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
                $$ SELECT crm_trigrams(t) @> grams $$;
                """);
            migrationBuilder.Sql("CREATE INDEX ix_customers_search_trigrams ON customers USING gin (crm_trigrams(search_text));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_customers_search_trigrams;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS crm_search_match(text, text[]);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS crm_trigrams(text);");
            migrationBuilder.DropColumn(
                name: "search_text",
                table: "customers");
        }
    }
}
