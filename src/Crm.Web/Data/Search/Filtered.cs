using System.Linq.Expressions;

namespace Crm.Web.Data.Search;

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

    public Filtered<T> Where(Expression<Func<T, bool>> predicate) => new(Rows.Where(predicate), Counted.Where(predicate));
}
