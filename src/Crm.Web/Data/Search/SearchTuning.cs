using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// SQLite's planner cannot tell a common keyword or tag from a rare one, so the app decides: one matching at most
/// this many rows is read from its index and the rows sorted; a more common one is found by scanning in sort order
/// and stopping at the page. Keywords: Crm:SearchSelectiveRows (default 20,000), where the scan must read each row's
/// search text. Tags: Crm:TagSelectiveRows (default 1,000), where the scan only probes the tag index (cheap), while
/// sorting the holders reads every one of them (measured: 19,806 holders of 100k took 51 ms that way).
/// Crm:SearchOrderedScanFactor (default 24): the cost of looking a candidate up over a walked index entry; when a
/// selective keyword's page is reached by walking fewer entries than that, it scans in sort order testing each row
/// against the candidates (<see cref="TrigramSearch.ScanInOrder"/>).
/// Crm:SearchCommonTrigram (default 0.1): on PostgreSQL a trigram in more than this share of the rows is left out of
/// the index probe (<see cref="ProbeTrigramsAsync"/>), and off the ends of SQLite's FTS5 phrase; Crm:SearchUniversalTrigram
/// (default 0.5) out of that phrase anywhere (<see cref="PhraseAsync"/>).
/// </summary>
public sealed class SearchTuning(IConfiguration configuration)
{
    public int SelectiveEnough { get; } = Math.Max(1, configuration.GetValue("Crm:SearchSelectiveRows", 20_000));

    public int SelectiveTag { get; } = Math.Max(1, configuration.GetValue("Crm:TagSelectiveRows", 1_000));

    public double OrderedScanFactor { get; } = Math.Max(0, configuration.GetValue("Crm:SearchOrderedScanFactor", 24.0));

    public double CommonTrigram { get; } = Math.Clamp(configuration.GetValue("Crm:SearchCommonTrigram", 0.1), 0, 1);

    public double UniversalTrigram { get; } = Math.Clamp(configuration.GetValue("Crm:SearchUniversalTrigram", 0.5), 0, 1);

    private readonly Remembered<bool> fewTags = new();
    private readonly Remembered<bool> denseKeywords = new();
    private readonly Remembered<Dictionary<string, float>> trigramShares = new();
    private readonly Remembered<long> trigramRows = new(lifetimeMs: 3_600_000);

    /// <summary>
    /// The trigrams of a keyword worth probing PostgreSQL's GIN index for (decision 0067): one found in more than
    /// <see cref="CommonTrigram"/> of the rows by the planner's statistics (`cus`, `202` of a customer code are in every
    /// row) costs a posting list as long as the table and narrows nothing, so it is left to the exact substring test,
    /// which every match passes anyway. All are kept when all are that common, or nothing is known (not yet analysed).
    /// The statistics are read at most once a minute per table.
    /// </summary>
    public async Task<string[]> ProbeTrigramsAsync(CrmDbContext db, string table, IReadOnlyList<string> trigrams, CancellationToken ct)
    {
        if (trigrams.Count < 2)
        {
            return [.. trigrams];
        }

        if (!trigramShares.TryGet(table, out var shares))
        {
            // The most common elements of the index's expression, with the share of rows holding each (ANALYZE's sample).
            var index = "ix_" + table + "_search_trigrams";
            shares = await db.Database.SqlQueryRaw<TrigramShare>(
                    """
                    SELECT x.e AS "Trigram", x.f AS "Share"
                    FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(e, f)
                    WHERE s.schemaname = current_schema() AND s.tablename = {0} AND x.e IS NOT NULL
                    """,
                    index)
                .ToDictionaryAsync(t => t.Trigram, t => t.Share, StringComparer.Ordinal, ct);
            trigramShares.Set(table, shares);
        }

        var selective = trigrams.Where(g => !shares.TryGetValue(g, out var share) || share <= CommonTrigram).ToArray();
        return selective.Length > 0 ? selective : [.. trigrams];
    }

    /// <summary>
    /// On SQLite, the part of a keyword worth matching as an FTS5 phrase (decision 0067): FTS5 reads the whole posting
    /// list of every trigram in the phrase, and `cus`, `us2`, `s20`, `202` of a customer code are in every row (15 ms of
    /// 16 for `CUS20251103` at 1M). So the phrase is the longest run of the keyword's consecutive trigrams each in at most
    /// <see cref="UniversalTrigram"/> of the rows (`0251103`: 1.6 ms, the same 913 matches); the exact substring test on
    /// the whole keyword follows, so the rows are the same. Dropping a trigram splits the phrase, and what is left on its
    /// other side narrows nothing any more, hence a stricter share than PostgreSQL's, whose probe ANDs trigrams one by one
    /// (苏州华创 without its 15 % `␞州␞` would be `州␞华␞创`: 8,015 candidates for 1,261 matches). The whole keyword when
    /// no two consecutive trigrams qualify. A trigram's share is learnt by counting its rows up to the limit (reading at
    /// most what a phrase with it reads), remembered an hour. Then a trigram at either end of the phrase in more than
    /// <see cref="CommonTrigram"/> of the rows is left out while two stay (decision 0072): it only shortens the phrase
    /// (no split), and its posting list cost more than it narrowed (`138` of a mobile prefix, in 11 % of 3M contacts:
    /// 27 ms for 23 matches, 3 ms for 37 candidates without it).
    /// </summary>
    public async Task<string> PhraseAsync(CrmDbContext db, string ftsTable, string needle, long tableRows, CancellationToken ct)
    {
        var runes = needle.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length <= 3)
        {
            return needle;
        }

        var limit = Math.Max(1, (long)(tableRows * UniversalTrigram));
        var rows = new long[runes.Length - 2];
        var (bestStart, bestLength, start) = (0, 0, 0);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = await RowsUpToAsync(db, ftsTable, runes[i] + runes[i + 1] + runes[i + 2], limit, ct);
            if (rows[i] > limit)
            {
                start = i + 1;
            }
            else if (i - start + 1 > bestLength)
            {
                (bestStart, bestLength) = (start, i - start + 1);
            }
        }

        // One trigram alone narrows far less than the keyword (`华␞创` of 苏州华创: over 20,000 rows for 1,261 matches).
        if (bestLength < 2)
        {
            return needle;
        }

        var trim = (long)(tableRows * CommonTrigram);
        while (bestLength > 2 && rows[bestStart] > trim)
        {
            (bestStart, bestLength) = (bestStart + 1, bestLength - 1);
        }

        while (bestLength > 2 && rows[bestStart + bestLength - 1] > trim)
        {
            bestLength--;
        }

        return string.Concat(runes[bestStart..(bestStart + bestLength + 2)]);
    }

    /// <summary>A trigram's rows, counted up to <paramref name="limit"/> + 1 (more means common), remembered an hour.</summary>
    private async ValueTask<long> RowsUpToAsync(CrmDbContext db, string ftsTable, string trigram, long limit, CancellationToken ct)
    {
        var key = ftsTable + SearchText.FieldSeparator + trigram;
        if (trigramRows.TryGet(key, out var known))
        {
            return known;
        }

        // ftsTable is one of the app's own table names, never user input.
        var rows = Convert.ToInt64(
            await RawSql.ScalarAsync(
                db,
                string.Concat("SELECT count(*) FROM (SELECT 1 FROM ", ftsTable, " WHERE ", ftsTable, " MATCH @gram LIMIT @limit)"),
                ct,
                ("@gram", "\"" + trigram.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""),
                ("@limit", limit + 1)),
            System.Globalization.CultureInfo.InvariantCulture);
        trigramRows.Set(key, rows);
        return rows;
    }

    private sealed class TrigramShare
    {
        public string Trigram { get; init; } = "";

        public float Share { get; init; }
    }

    /// <summary>
    /// Whether a tag is on at most <see cref="SelectiveTag"/> customers, counted at most a minute ago (decision 0065):
    /// it only picks the plan (the rows are the same either way), and counting it on every request of the tag's list
    /// cost a query each time. A tag that crosses the line meanwhile is read the slower way for up to a minute.
    /// </summary>
    public async ValueTask<bool> IsFewAsync(string tag, Func<CancellationToken, Task<int>> countUpToLimit, CancellationToken ct)
    {
        if (fewTags.TryGet(tag, out var few))
        {
            return few;
        }

        few = await countUpToLimit(ct) <= SelectiveTag;
        fewTags.Set(tag, few);
        return few;
    }

    /// <summary>
    /// Whether a keyword had more than <see cref="SelectiveEnough"/> candidates less than a minute ago (decision 0066):
    /// then its candidates are not read again (20,001 ids at 1M) to learn what the plan would not use. The rows are the
    /// same either way; a keyword that became rare meanwhile is read the slower way for up to a minute.
    /// </summary>
    public bool WasDense(string keyword) => denseKeywords.TryGet(keyword, out var dense) && dense;

    /// <summary>Remembers what a keyword's candidates showed (see <see cref="WasDense"/>).</summary>
    public void SawCandidates(string keyword, int candidates) => denseKeywords.Set(keyword, candidates > SelectiveEnough);
}
