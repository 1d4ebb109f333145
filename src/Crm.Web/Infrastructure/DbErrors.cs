using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Web.Infrastructure;

public static class DbErrors
{
    /// <summary>
    /// True when a save (or an ExecuteUpdate/ExecuteDelete, which throws the provider's exception directly)
    /// failed on a unique index whose name contains <paramref name="indexFragment"/>.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception, string indexFragment) =>
        Unwrap(exception) switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation
                && (pg.ConstraintName?.Contains(indexFragment, StringComparison.Ordinal) ?? false),

            // SQLite names the columns, not the index: "UNIQUE constraint failed: customers.customer_code_key".
            SqliteException sqlite => sqlite.SqliteErrorCode == 19
                && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal)
                && sqlite.Message.Contains(indexFragment, StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>True when a referenced row (typically the customer) was deleted by someone else meanwhile.</summary>
    public static bool IsForeignKeyViolation(Exception exception) =>
        Unwrap(exception) switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.ForeignKeyViolation,
            SqliteException sqlite => sqlite.SqliteErrorCode == 19
                && sqlite.Message.Contains("FOREIGN KEY", StringComparison.Ordinal),
            _ => false,
        };

    private static Exception? Unwrap(Exception exception) =>
        exception is DbUpdateException ? exception.InnerException : exception;
}
