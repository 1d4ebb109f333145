using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data;

/// <summary>
/// Contexts for code that must read synchronously: MiniExcel pulls an export's rows through a plain enumerator, and the
/// data-protection key store is synchronous. On PostgreSQL the app's own connections multiplex (decision 0077), and
/// multiplexing refuses synchronous commands, so these connect without it. On SQLite they are the app's own contexts.
/// </summary>
public sealed class SynchronousContexts(Func<CrmDbContext> create, TimeProvider clock, Crm.Domain.Common.BusinessTime time)
    : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext()
    {
        var db = create();
        db.PrepareAudit(clock, time);
        return db;
    }
}
