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
    public static string TextOf(string name, string? shortName, string code) =>
        SearchText.Build(name, shortName, code, Pinyin.Of);

    public static Task<Filtered<Customer>> ApplyAsync(CrmDbContext db, Filtered<Customer> customers, string keyword, SearchTuning tuning, CancellationToken ct) =>
        TrigramSearch.ApplyAsync(db, customers, keyword, "customer_search", tuning, ct);
}

/// <summary>
/// SQLite's planner cannot tell a common keyword or tag from a rare one, so the app decides: one matching at most
/// this many rows is read from its index and the rows sorted; a more common one is found by scanning in sort order
/// and stopping at the page. Keywords: Crm:SearchSelectiveRows (default 20,000), where the scan must read each row's
/// search text. Tags: Crm:TagSelectiveRows (default 1,000), where the scan only probes the tag index (cheap), while
/// sorting the holders reads every one of them (measured: 19,806 holders of 100k took 51 ms that way).
/// </summary>
public sealed class SearchTuning(IConfiguration configuration)
{
    public int SelectiveEnough { get; } = Math.Max(1, configuration.GetValue("Crm:SearchSelectiveRows", 20_000));

    public int SelectiveTag { get; } = Math.Max(1, configuration.GetValue("Crm:TagSelectiveRows", 1_000));
}

/// <summary>
/// One filter in two SQL forms with the same rows: <see cref="Rows"/> suits a sorted page (scan in sort order and
/// stop), <see cref="Counted"/> suits the capped count (start from the index that narrows most and stop at the cap).
/// On SQLite, whose planner cannot tell a common keyword or tag from a rare one, the two differ.
/// </summary>
public sealed record Filtered<T>(IQueryable<T> Rows, IQueryable<T> Counted)
{
    public Filtered(IQueryable<T> both)
        : this(both, both)
    {
    }

    public Filtered<T> Where(System.Linq.Expressions.Expression<Func<T, bool>> predicate) => new(Rows.Where(predicate), Counted.Where(predicate));
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
    public static async Task<Filtered<T>> ApplyAsync<T>(CrmDbContext db, Filtered<T> records, string keyword, string ftsTable, SearchTuning tuning, CancellationToken ct)
        where T : class, ITrigramSearchable
    {
        var needle = SearchText.Needle(keyword);
        if (needle is null)
        {
            return records.Where(_ => false);
        }

        var exact = records.Where(c => c.SearchText.Contains(needle));
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
        // too many, and an ordered scan that stops at the page is cheaper for the page, while the count walks the
        // phrase's matches and stops at the cap. Otherwise the page and the count reuse the ids instead of
        // evaluating the phrase again.
        var phrase = "\"" + needle.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var ids = await CandidatesAsync(db, ftsTable, phrase, tuning.SelectiveEnough + 1, ct);
        if (ids.Count > tuning.SelectiveEnough)
        {
            // ftsTable is one of the app's own table names, never user input.
            var matches = db.Database.SqlQueryRaw<long>(
                string.Concat("SELECT rowid AS \"Value\" FROM ", ftsTable, " WHERE ", ftsTable, " MATCH @phrase"),
                new Microsoft.Data.Sqlite.SqliteParameter("@phrase", phrase));
            return exact with { Counted = matches.Join(exact.Counted, id => id, c => c.Id, (_, c) => c) };
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
