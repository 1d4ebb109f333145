using System.Text.Json;
using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>A record whose <see cref="SearchText"/> is indexed by trigrams (FTS5 table on SQLite, GIN on PostgreSQL).</summary>
public interface ITrigramSearchable
{
    long Id { get; }

    string SearchText { get; }
}

/// <summary>The shared keyword filter: exact substring on the fenced search text, narrowed by the trigram index when selective.</summary>
public static class TrigramSearch
{
    /// <param name="page">How far the page reads in its sort order (<see cref="PageReach.Everything"/> for an export).</param>
    public static async Task<Filtered<T>> ApplyAsync<T>(
        CrmDbContext db, Filtered<T> records, string keyword, string ftsTable, SearchTuning tuning, PageReach page, CancellationToken ct)
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
            var grams = await tuning.ProbeTrigramsAsync(db, db.Model.FindEntityType(typeof(T))!.GetTableName()!, trigrams, ct);
            return exact.Where(c => CrmFunctions.SearchMatch(c.SearchText, grams)) with { RowByRow = exact.RowByRow };
        }

        // SQLite cannot weigh a virtual table against an index scan: read the candidates (up to the limit) once, of
        // the keyword's most selective part (SearchTuning.PhraseAsync); too many, and an ordered scan that stops at the
        // page is cheaper for the page, while the count walks the phrase's matches and stops at the cap. Otherwise the
        // page and the count reuse the ids instead of evaluating the phrase again.
        var remembered = ftsTable + SearchText.FieldSeparator + needle;
        var dense = tuning.WasDense(remembered);
        var tableRows = dense ? 0 : await IdRange<T>.Max(db, ct) ?? 0;
        var probe = dense ? needle : await tuning.PhraseAsync(db, ftsTable, needle, tableRows, ct);
        var phrase = "\"" + probe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var (ids, json) = dense ? (null, "") : await CandidatesAsync(db, ftsTable, phrase, tuning.SelectiveEnough + 1, ct);
        if (ids is not null)
        {
            tuning.SawCandidates(remembered, ids.Count);
        }

        if (ids is null || ids.Count > tuning.SelectiveEnough)
        {
            // ftsTable is one of the app's own table names, never user input.
            var matches = db.Database.SqlQueryRaw<long>(
                string.Concat("SELECT rowid AS \"Value\" FROM ", ftsTable, " WHERE ", ftsTable, " MATCH @phrase"),
                new Microsoft.Data.Sqlite.SqliteParameter("@phrase", phrase));
            return exact with { Counted = matches.Join(exact.Counted, id => id, c => c.Id, (_, c) => c) };
        }

        // A phrase of the trigram tokenizer matches exactly the texts holding it as a substring: when it is the whole
        // keyword, the candidates are the matches, so no row needs the substring test and their number is the count
        // (decision 0071). A shorter phrase's candidates are only a superset.
        var candidatesMatch = probe == needle;
        var tested = candidatesMatch ? records : exact;
        var candidates = db.Database.SqlQueryRaw<long>(
            "SELECT value AS \"Value\" FROM json_each(@ids)", new Microsoft.Data.Sqlite.SqliteParameter("@ids", json));
        var fromCandidates = tested.Where(c => candidates.Contains(c.Id)) with
        {
            RowByRow = exact.RowByRow,
            AtMost = ids.Count,
            Matches = candidatesMatch && records.EveryRow ? ids.Count : null,
        };
        if (!ScanInOrder(ids, page, tableRows, tuning.OrderedScanFactor))
        {
            return fromCandidates;
        }

        // "id + 0" keeps SQLite from looking the candidates up by id (then sorting them all): it walks the sort order's
        // index instead, tests each row against the candidates, and stops at the end of the page.
        return fromCandidates with { Rows = tested.Rows.Where(c => candidates.Contains(c.Id + 0)) };
    }

    /// <summary>
    /// Whether a page of a selective keyword is cheaper found by walking the sort order and testing each row against the
    /// <paramref name="candidates"/> (ascending ids) than by looking every candidate up and sorting them. The lookup costs
    /// about <paramref name="factor"/> walked index entries per candidate (decision 0073: 5.5 µs per scattered candidate
    /// against 0.13 µs per entry at 1M). How far the walk reads depends on where the candidates lie in the order: in
    /// creation order the ids tell (the page ends at its last candidate: `0251103` of a code, 913 candidates created on one
    /// day, lies 357,000 entries from the newest end); in an order the text does not decide, the candidates are taken as
    /// spread evenly (rows × tableRows / candidates entries); in the text's own order (name, code) they may lie together
    /// anywhere, and the walk is never taken. The id range stands in for the table's rows (deleted ids make it a little
    /// pessimistic).
    /// </summary>
    internal static bool ScanInOrder(IReadOnlyList<long> candidates, PageReach page, long tableRows, double factor)
    {
        var count = candidates.Count;
        var lastOfPage = page.Rows <= count ? (int)page.Rows - 1 : -1;
        double walked = page.Spread switch
        {
            MatchSpread.Even => (double)page.Rows * tableRows / Math.Max(1, count),
            MatchSpread.IdsDescending => lastOfPage < 0 ? tableRows : Math.Max(0, tableRows - candidates[count - 1 - lastOfPage]),
            MatchSpread.IdsAscending => lastOfPage < 0 ? tableRows : candidates[lastOfPage],
            _ => double.PositiveInfinity,
        };
        return walked < count * factor;
    }

    /// <summary>
    /// The ids the FTS5 phrase matches, at most <paramref name="limit"/>, ascending: bounded work, unlike fts5vocab's
    /// per-term document counts, which read a common term's whole posting list. They come as one JSON array, which the
    /// page's statement takes as it is: a row per id cost 3.4–4.1 ms for `szhc`'s 5,233 at 1M, the array 1.4–1.9 ms.
    /// </summary>
    private static async Task<(List<long>? Ids, string Json)> CandidatesAsync(CrmDbContext db, string ftsTable, string phrase, long limit, CancellationToken ct)
    {
        // ftsTable is one of the app's own table names, never user input.
        var json = await RawSql.ScalarAsync(
            db,
            string.Concat("SELECT json_group_array(rowid) FROM (SELECT rowid FROM ", ftsTable, " WHERE ", ftsTable, " MATCH @phrase LIMIT @limit)"),
            ct,
            ("@phrase", phrase),
            ("@limit", limit)) as string ?? "[]";
        var ids = JsonSerializer.Deserialize<List<long>>(json) ?? [];
        ids.Sort();
        return (ids, json);
    }
}

/// <summary>SQL functions created by the PostgreSQL migration.</summary>
public static class CrmFunctions
{
    /// <summary>crm_search_match(text, grams): the row's trigram set contains every gram (inlined by PostgreSQL, so the GIN index applies).</summary>
    public static bool SearchMatch(string searchText, string[] grams) =>
        throw new InvalidOperationException("Translated to SQL only.");
}
