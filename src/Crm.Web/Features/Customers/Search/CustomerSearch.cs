using System.Data.Common;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers.Search;

/// <summary>
/// Keyword search over name, short name, code and their pinyin. The result is always exactly the customers whose
/// search text contains the keyword (instr/strpos on the fenced text, see <see cref="SearchText"/>); a trigram
/// index only narrows the candidates first when the keyword is selective enough for that to pay off.
/// </summary>
public static class CustomerSearch
{
    /// <summary>Above this many candidate rows, scanning in sort order (and stopping at the page) beats the index.</summary>
    public const long SelectiveEnough = 20_000;

    public static string TextOf(string name, string? shortName, string code) =>
        SearchText.Build(name, shortName, code, Pinyin.Of);

    public static Task<IQueryable<Customer>> ApplyAsync(CrmDbContext db, IQueryable<Customer> customers, string keyword, CancellationToken ct) =>
        TrigramSearch.ApplyAsync(db, customers, keyword, "customer_search", ct);
}

/// <summary>A record whose <see cref="SearchText"/> is indexed by trigrams (FTS5 table on SQLite, GIN on PostgreSQL).</summary>
public interface ITrigramSearchable
{
    long Id { get; }

    string SearchText { get; }
}

/// <summary>The shared keyword filter: exact substring on the fenced search text, narrowed by the trigram index when selective.</summary>
public static class TrigramSearch
{
    public static async Task<IQueryable<T>> ApplyAsync<T>(CrmDbContext db, IQueryable<T> records, string keyword, string ftsTable, CancellationToken ct)
        where T : class, ITrigramSearchable
    {
        var customers = records;
        var needle = SearchText.Needle(keyword);
        if (needle is null)
        {
            return customers.Where(_ => false);
        }

        var exact = customers.Where(c => c.SearchText.Contains(needle));
        var trigrams = SearchText.Trigrams(needle);
        if (trigrams.Count == 0)
        {
            return exact;
        }

        if (db.IsPostgres)
        {
            // The planner weighs the GIN index against an ordered scan itself (statistics on the indexed expression).
            var grams = trigrams.ToArray();
            return exact.Where(c => CrmFunctions.SearchMatch(c.SearchText, grams));
        }

        // SQLite cannot weigh a virtual table against an index scan: read the candidates (up to the limit) once;
        // too many, and an ordered scan that stops at the page is cheaper. Otherwise the page and the count reuse
        // the ids instead of evaluating the phrase again.
        var phrase = "\"" + needle.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var ids = await CandidatesAsync(db, ftsTable, phrase, CustomerSearch.SelectiveEnough + 1, ct);
        if (ids.Count > CustomerSearch.SelectiveEnough)
        {
            return exact;
        }

        var json = "[" + string.Join(',', ids) + "]";
        var candidates = db.Database.SqlQueryRaw<long>(
            "SELECT value AS \"Value\" FROM json_each(@ids)", new Microsoft.Data.Sqlite.SqliteParameter("@ids", json));
        return exact.Where(c => candidates.Contains(c.Id));
    }

    /// <summary>
    /// The ids the FTS5 phrase matches, at most <paramref name="limit"/>: bounded work, unlike fts5vocab's per-term
    /// document counts, which read a common term's whole posting list.
    /// </summary>
    private static async Task<List<long>> CandidatesAsync(CrmDbContext db, string ftsTable, string phrase, long limit, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using DbCommand command = connection.CreateCommand();

            // ftsTable is one of the app's own table names, never user input.
            command.CommandText = string.Concat("SELECT rowid FROM ", ftsTable, " WHERE ", ftsTable, " MATCH @phrase LIMIT @limit");
            var phraseParameter = command.CreateParameter();
            phraseParameter.ParameterName = "@phrase";
            phraseParameter.Value = phrase;
            command.Parameters.Add(phraseParameter);
            var limitParameter = command.CreateParameter();
            limitParameter.ParameterName = "@limit";
            limitParameter.Value = limit;
            command.Parameters.Add(limitParameter);
            var ids = new List<long>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}

/// <summary>SQL functions created by the PostgreSQL migration.</summary>
public static class CrmFunctions
{
    /// <summary>crm_search_match(text, grams): the row's trigram set contains every gram (inlined by PostgreSQL, so the GIN index applies).</summary>
    public static bool SearchMatch(string searchText, string[] grams) =>
        throw new InvalidOperationException("Translated to SQL only.");
}
