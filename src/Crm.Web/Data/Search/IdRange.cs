using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// A searchable table's highest and lowest id, each compiled once per table (decision 0082): a keyword's and a rare
/// tag's reads ask for the highest on every request, and a composed query cost EF's per-call cache lookup each time.
/// </summary>
internal static class IdRange<T>
    where T : class, ITrigramSearchable
{
    public static readonly Func<CrmDbContext, CancellationToken, Task<long?>> Max =
        EF.CompileAsyncQuery((CrmDbContext db, CancellationToken ct) => db.Set<T>().Max(r => (long?)r.Id));

    public static readonly Func<CrmDbContext, CancellationToken, Task<long?>> Min =
        EF.CompileAsyncQuery((CrmDbContext db, CancellationToken ct) => db.Set<T>().Min(r => (long?)r.Id));
}
