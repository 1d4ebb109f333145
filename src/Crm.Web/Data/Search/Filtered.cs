using System.Linq.Expressions;

namespace Crm.Web.Data.Search;

/// <summary>
/// One filter in several SQL forms with the same rows: <see cref="Rows"/> suits a sorted page (scan in sort order and
/// stop), <see cref="Counted"/> suits the capped count (start from the index that narrows most and stop at the cap),
/// <see cref="RowByRow"/> tests each row it is given and never starts from a search or tag index (a count estimate's
/// sample read by id, the page of a result too large to look up: decision 0066). On SQLite, whose planner cannot tell a common
/// keyword or tag from a rare one, the forms differ; on PostgreSQL only the keyword's index probe does.
/// </summary>
public sealed record Filtered<T>(IQueryable<T> Rows, IQueryable<T> Counted)
{
    public Filtered(IQueryable<T> both)
        : this(both, both)
    {
    }

    /// <summary>Every row of <paramref name="table"/>, not yet filtered: a filter on it may know its matches' number (<see cref="Matches"/>).</summary>
    public static Filtered<T> Every(IQueryable<T> table) => new(table) { EveryRow = true };

    public IQueryable<T> RowByRow { get; init; } = Rows;

    /// <summary>No more rows than this match, when the filter already knows (a keyword's candidate ids on SQLite).</summary>
    public long? AtMost { get; init; }

    /// <summary>
    /// Exactly this many rows match, known without reading them: on SQLite, a keyword's candidate ids when its FTS5 phrase
    /// is the whole keyword, applied to <see cref="Every"/> row (decision 0071). Any further filter forgets it.
    /// </summary>
    public long? Matches { get; init; }

    /// <summary>Nothing filters these rows yet (<see cref="Every"/>).</summary>
    public bool EveryRow { get; init; }

    /// <summary>
    /// Few rows match, as far as the filter knows (a rare tag; only a hint for the plan, the rows are the same): a page
    /// is found sooner from the matches, sorted, than by walking the sort order until it is full.
    /// </summary>
    public bool Few { get; init; }

    public Filtered<T> Where(Expression<Func<T, bool>> predicate) => Narrow(rows => rows.Where(predicate));

    /// <summary>
    /// The same narrowing applied to every form (whose records the actor sees, say). One that returns its input unchanged
    /// (an admin's visibility) filters nothing, so what the filter knew of its matches stands.
    /// </summary>
    public Filtered<T> Narrow(Func<IQueryable<T>, IQueryable<T>> narrow)
    {
        var rows = narrow(Rows);
        var unchanged = ReferenceEquals(rows, Rows);
        return new(rows, narrow(Counted))
        {
            RowByRow = narrow(RowByRow),
            AtMost = AtMost,
            Few = Few,
            Matches = unchanged ? Matches : null,
            EveryRow = unchanged && EveryRow,
        };
    }
}
