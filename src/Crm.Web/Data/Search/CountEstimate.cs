using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// An estimated total for a search that matches more rows than the count cap (decision 0066): the filter is tested
/// row by row on a sample of the table — <see cref="Chunks"/> runs of consecutive ids spread evenly over the id range,
/// Crm:CountSampleRows ids in all (default 4,000) — and the sample's matches are scaled to the whole range. Counting a
/// dense keyword up to the cap visits ten thousand matches; the sample reads a few thousand rows by primary key, however
/// many match. Only a total above the cap is estimated: a smaller one is counted exactly, as before. What a sample
/// said is remembered for a minute per list (its filters and whose customers): paging through a result, or asking
/// again, costs no sample, and a keyword the sample found below the cap is not sampled again before it is counted.
/// </summary>
public sealed class CountEstimate(IConfiguration configuration)
{
    public const int DefaultSampleRows = 4_000;

    /// <summary>Runs of ids in the sample: spread over the range, so that no one period of the book stands for all of it.</summary>
    public const int Chunks = 8;

    public int SampleRows { get; } = Math.Max(1, configuration.GetValue("Crm:CountSampleRows", DefaultSampleRows));

    private readonly Remembered<long?> recent = new();

    /// <summary>
    /// The estimated number of rows <paramref name="filtered"/> matches, rounded to two significant digits, when it is
    /// more than <paramref name="above"/>; null when it is not (or the table is too small to sample): count them.
    /// <paramref name="list"/> names the list (its filters and whose customers) for what a sample said a minute ago.
    /// </summary>
    public async Task<long?> AboveAsync<T>(CrmDbContext db, Filtered<T> filtered, long above, string list, CancellationToken ct)
        where T : class, ITrigramSearchable
    {
        if (filtered.AtMost <= above || filtered.Matches is not null)
        {
            return null;
        }

        if (recent.TryGet(list, out var known))
        {
            return known;
        }

        var estimate = await SampleAsync(db, filtered, above, ct);
        recent.Set(list, estimate);
        return estimate;
    }

    private async Task<long?> SampleAsync<T>(CrmDbContext db, Filtered<T> filtered, long above, CancellationToken ct)
        where T : class, ITrigramSearchable
    {
        if (await IdRange<T>.Max(db, ct) is not { } max || await IdRange<T>.Min(db, ct) is not { } min)
        {
            return null;
        }

        var ranges = Ranges(min, max, SampleRows, Chunks);
        if (ranges.Count == 0)
        {
            return null;
        }

        // One range per branch of a UNION ALL: each is read by primary key. A single WHERE with the ranges OR-ed makes
        // SQLite scan the whole table, and on PostgreSQL lets the planner AND them with the keyword's whole index probe.
        IQueryable<long>? sample = null;
        foreach (var (from, to) in ranges)
        {
            var part = filtered.RowByRow.Where(r => r.Id >= from && r.Id < to).Select(r => r.Id);
            sample = sample is null ? part : sample.Concat(part);
        }

        var estimate = Scale(await sample!.LongCountAsync(ct), ranges.Sum(r => r.To - r.From), max - min + 1);
        return estimate > above ? Round(estimate) : null;
    }

    /// <summary>
    /// The sample: <paramref name="chunks"/> runs of ids [From, To) starting evenly over [min, max], sampleRows ids in
    /// all; none when the range is under twice the sample (counting would cost about the same, and be exact).
    /// </summary>
    public static IReadOnlyList<(long From, long To)> Ranges(long min, long max, int sampleRows, int chunks)
    {
        var span = max - min + 1;
        if (sampleRows < 1 || span < 2L * sampleRows)
        {
            return [];
        }

        var count = Math.Clamp(chunks, 1, sampleRows);
        var length = sampleRows / count;
        var stride = span / count;
        return Enumerable.Range(0, count).Select(i => (min + i * stride, min + i * stride + length)).ToList();
    }

    /// <summary>The sample's matches scaled from the ids it read to the whole id range.</summary>
    public static long Scale(long matches, long sampledIds, long span) =>
        sampledIds <= 0 ? 0 : (long)Math.Round((double)matches * span / sampledIds, MidpointRounding.AwayFromZero);

    /// <summary>Two significant digits, as the estimate is shown (约 3.3 万); exact below 100.</summary>
    public static long Round(long estimate)
    {
        if (estimate < 100)
        {
            return estimate;
        }

        var unit = (long)Math.Pow(10, Math.Floor(Math.Log10(estimate)) - 1);
        return (long)Math.Round((double)estimate / unit, MidpointRounding.AwayFromZero) * unit;
    }
}
