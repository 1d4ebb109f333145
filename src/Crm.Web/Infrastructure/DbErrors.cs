using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Web.Infrastructure;

public static class DbErrors
{
    /// <summary>True when a save failed on a unique index whose name contains <paramref name="indexFragment"/>.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception, string indexFragment) =>
        exception.InnerException switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation
                && (pg.ConstraintName?.Contains(indexFragment, StringComparison.Ordinal) ?? false),

            // SQLite names the columns, not the index: "UNIQUE constraint failed: customers.customer_code_key".
            SqliteException sqlite => sqlite.SqliteErrorCode == 19
                && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal)
                && sqlite.Message.Contains(indexFragment, StringComparison.Ordinal),
            _ => false,
        };
}
