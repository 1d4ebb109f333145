using System.Globalization;

namespace Crm.Web.Data;

/// <summary>
/// SQLite, inside one bulk write's transaction (an import): a table that receives at least as many rows as it already
/// holds gets its secondary indexes built once after the rows instead of row by row. Inserting 100,000 customers into
/// their thirteen non-unique indexes costs ~5 s at the import's page cache (every row lands on a random page of each
/// index); building the same indexes from the finished table is one sort each, ~1 s in all (decision 0064). A table
/// already larger than what arrives keeps its indexes: a rebuild costs as much as the whole table, which the inserts
/// into it then no longer outweigh.
/// <para>
/// Only non-unique indexes are deferred: unique ones (the customer code, one tag per customer) enforce their rule on
/// every row as before. The indexes are dropped inside the transaction and created again from their own stored SQL
/// before the commit, like <see cref="Search.DeferredSearchIndex"/>'s trigger: other connections read the schema as
/// last committed, and a rollback or a crash puts every index back with everything else. PostgreSQL is left alone.
/// </para>
/// </summary>
public sealed class DeferredIndexes
{
    private readonly List<string> _createSql;

    private DeferredIndexes(List<string> createSql) => _createSql = createSql;

    /// <summary>
    /// Drops the non-unique indexes of each of <paramref name="tables"/> that holds no more than
    /// <paramref name="incomingRows"/> rows; null on PostgreSQL. Needs the write transaction.
    /// </summary>
    public static async Task<DeferredIndexes?> BeginAsync(CrmDbContext db, int incomingRows, IReadOnlyList<string> tables, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            return null;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Indexes are deferred inside the bulk write's transaction only.");
        }

        var deferred = new List<string>();
        foreach (var table in tables)
        {
            // Counts no further than the rows that arrive: the check costs no more than the import, whatever the table's size.
            var held = Convert.ToInt64(
                await RawSql.ScalarAsync(db, $"SELECT count(*) FROM (SELECT 1 FROM \"{table}\" LIMIT @limit)", ct, ("@limit", (long)incomingRows + 1)),
                CultureInfo.InvariantCulture);
            if (incomingRows == 0 || held > incomingRows)
            {
                continue;
            }

            foreach (var (name, sql) in await NonUniqueIndexesAsync(db, table, ct))
            {
                await RawSql.ExecuteAsync(db, $"DROP INDEX \"{name}\"", ct);
                deferred.Add(sql);
            }
        }

        return new DeferredIndexes(deferred);
    }

    /// <summary>Builds every dropped index again, from the rows as they are now.</summary>
    public async Task CompleteAsync(CrmDbContext db, CancellationToken ct)
    {
        foreach (var sql in _createSql)
        {
            await RawSql.ExecuteAsync(db, sql, ct);
        }

        _createSql.Clear();
    }

    /// <summary>The indexes made by CREATE INDEX (not a key's or a constraint's) that enforce nothing, with their SQL.</summary>
    private static async Task<List<(string Name, string Sql)>> NonUniqueIndexesAsync(CrmDbContext db, string table, CancellationToken ct)
    {
        var indexes = new List<(string, string)>();
        await RawSql.RunAsync(db, async command =>
        {
            command.CommandText = """
                SELECT s.name, s.sql FROM pragma_index_list(@table) AS l JOIN sqlite_schema AS s ON s.name = l.name
                WHERE l."unique" = 0 AND l.origin = 'c' AND s.sql IS NOT NULL ORDER BY s.name
                """;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }, ct);
        return indexes;
    }
}
