using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Data;

/// <summary>
/// The one way the app runs a hand-written statement that EF cannot express or would run slower: on the context's
/// own connection (opened for the statement if it was closed, left open if it was open) and inside the context's
/// current transaction, with named parameters. The SQL text is always the app's own; values go in parameters.
/// </summary>
public static class RawSql
{
    /// <summary>Runs a statement for its effect (a lock, an update); returns what the provider reports as affected rows.</summary>
    public static Task<int> ExecuteAsync(CrmDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        RunAsync(db, sql, parameters, command => command.ExecuteNonQueryAsync(ct), ct);

    /// <summary>The first column of the first row (for RETURNING and single values).</summary>
    public static Task<object?> ScalarAsync(CrmDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        RunAsync(db, sql, parameters, command => command.ExecuteScalarAsync(ct), ct);

    /// <summary>
    /// Runs a query and hands each row to <paramref name="read"/>, which reads its columns by position: for a hot read
    /// whose SQL is fixed, where EF's command, reader and materializer cost more than the statement (decision 0085).
    /// </summary>
    public static Task ReadAsync(CrmDbContext db, string sql, Action<DbDataReader> read, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        RunAsync(db, sql, parameters, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read(reader);
            }

            return 0;
        }, ct);

    /// <summary>A command the caller fills (text and parameters) and runs, on the context's connection and transaction (BulkInsert).</summary>
    internal static Task RunAsync(CrmDbContext db, Func<DbCommand, Task> run, CancellationToken ct) =>
        RunAsync(db, "", [], async command =>
        {
            await run(command);
            return 0;
        }, ct);

    private static async Task<T> RunAsync<T>(CrmDbContext db, string sql, (string Name, object Value)[] parameters, Func<DbCommand, Task<T>> run, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            return await run(command);
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
