using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Data;

/// <summary>
/// Multi-row INSERTs of new entities for a bulk write (an import, decision 0050), inside the context's transaction. The
/// columns, names and value conversions are EF's own model (every stored property but the key and computed columns,
/// each parameter made by the property's type mapping), so a row is stored exactly as SaveChanges would store it — only
/// a few hundred rows per statement on PostgreSQL, one staged statement per batch on SQLite, instead of one statement
/// per row. Database triggers (counters, search) fire as for
/// any insert. Generated ids are read back with RETURNING and matched to their entity by a unique key, never by order.
/// </summary>
public static class BulkInsert
{
    /// <summary>
    /// PostgreSQL rows per statement: every statement is a round trip, so a few hundred rows each (below its 65,535
    /// parameters). SQLite stages its rows instead (<see cref="RunStagedAsync{T}"/>).
    /// </summary>
    private static int RowsPerStatement(int columns) => Math.Max(1, Math.Min(500, 30_000 / columns));

    /// <summary>
    /// Inserts <paramref name="entities"/> and sets their generated ids. <paramref name="matchBy"/> names the properties
    /// of a unique index (e.g. the customer code key) by which each returned id finds its entity.
    /// </summary>
    public static async Task InsertAsync<T>(CrmDbContext db, IReadOnlyList<T> entities, string[] matchBy, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var key = type.FindPrimaryKey()!.Properties.Single();
        var columns = Stored(type);
        var match = matchBy.Select(name => type.FindProperty(name) ?? throw new InvalidOperationException($"{typeof(T).Name}.{name} is not mapped.")).ToArray();
        var byKey = new Dictionary<string, T>(entities.Count, StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            byKey.Add(MatchKey(match.Select(p => Provider(p, p.GetGetter().GetClrValue(entity)))), entity);
        }

        var returning = $" RETURNING {Column(key)}, {string.Join(", ", match.Select(Column))}";
        await RunAsync(db, type, columns, entities, returning, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var values = Enumerable.Range(1, match.Length).Select(i => Provider(match[i - 1], reader.GetValue(i)));
                var entity = byKey[MatchKey(values)];
                key.PropertyInfo!.SetValue(entity, Convert.ChangeType(reader.GetValue(0), key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
            }
        }, ct);
    }

    /// <summary>Inserts <paramref name="entities"/> whose ids nobody needs back (undo records).</summary>
    public static Task InsertAsync<T>(CrmDbContext db, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return Task.CompletedTask;
        }

        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        return RunAsync(db, type, Stored(type), entities, "", command => command.ExecuteNonQueryAsync(ct), ct);
    }

    /// <summary>Every property a new row stores: not the generated key, not database-computed columns, not shadow state.</summary>
    private static IProperty[] Stored(IEntityType type) =>
    [
        .. type.GetProperties().Where(p =>
            !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)
            && p.GetComputedColumnSql() is null
            && !p.IsShadowProperty()),
    ];

    private static async Task RunAsync<T>(
        CrmDbContext db, IEntityType type, IProperty[] columns, IReadOnlyList<T> entities, string returning, Func<DbCommand, Task> run, CancellationToken ct)
        where T : class
    {
        if (!db.IsPostgres)
        {
            await RunStagedAsync(db, type, columns, entities, returning, run, ct);
            return;
        }

        var rowsPerStatement = RowsPerStatement(columns.Length);
        var head = $"INSERT INTO {type.GetTableName()} ({string.Join(", ", columns.Select(Column))}) VALUES ";
        for (var offset = 0; offset < entities.Count; offset += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, entities.Count - offset);
            var first = offset;

            // A new command for every statement: Npgsql keeps an auto-prepared command's parsed parameter list while its
            // text stays the same, so a reused command with a new parameter list re-sent the previous statement's values
            // (npgsql/npgsql#3850). Preparation is still shared: Npgsql matches prepared statements by their text.
            await RawSql.RunAsync(db, async command =>
            {
                var sql = new StringBuilder(head, head.Length + (count * columns.Length * 8) + returning.Length);
                for (var row = 0; row < count; row++)
                {
                    var entity = entities[first + row];
                    sql.Append(row == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var name = $"@p{row}_{c}";
                        sql.Append(c == 0 ? name : ", " + name);
                        var property = columns[c];
                        var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                        command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(entity), property.IsNullable));
                    }

                    sql.Append(')');
                }

                command.CommandText = sql.Append(returning).ToString();
                await run(command);
            }, ct);
        }
    }

    /// <summary>
    /// SQLite: the rows go one by one into a TEMP table with the same columns (one prepared statement; no index, no
    /// trigger, no quadratic binding of thousands of named parameters), then into the table by one INSERT … SELECT.
    /// One statement a batch: the search index's trigger flushes its pending terms once per batch instead of once per
    /// statement, and the indexes are filled in one go (decision 0062). The TEMP table is emptied after each batch and
    /// kept for the connection's life, so a batch makes no schema change; the model is fixed while the app runs, so
    /// the columns of a kept table are still the table's. A rollback takes its rows back with everything else.
    /// </summary>
    private static Task RunStagedAsync<T>(
        CrmDbContext db, IEntityType type, IProperty[] columns, IReadOnlyList<T> entities, string returning, Func<DbCommand, Task> run, CancellationToken ct)
        where T : class
    {
        var table = type.GetTableName()!;
        var stage = $"temp.\"bulk_{table}\"";
        var list = string.Join(", ", columns.Select(Column));
        var mappings = columns.Select(c => (RelationalTypeMapping)c.GetRelationalTypeMapping()).ToArray();
        return RawSql.RunAsync(db, async command =>
        {
            command.CommandText = $"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {list} FROM main.{table} WHERE 0";
            await command.ExecuteNonQueryAsync(ct);

            // The same text every row: Microsoft.Data.Sqlite keeps the prepared statement while the text stays.
            command.CommandText = $"INSERT INTO {stage} ({list}) VALUES ({string.Join(", ", columns.Select((_, c) => "@p" + c))})";
            foreach (var entity in entities)
            {
                command.Parameters.Clear();
                for (var c = 0; c < columns.Length; c++)
                {
                    command.Parameters.Add(mappings[c].CreateParameter(command, "@p" + c, columns[c].GetGetter().GetClrValue(entity), columns[c].IsNullable));
                }

                await command.ExecuteNonQueryAsync(ct);
            }

            command.Parameters.Clear();
            command.CommandText = $"INSERT INTO {table} ({list}) SELECT {list} FROM {stage} ORDER BY rowid{returning}";
            await run(command);
            command.CommandText = $"DELETE FROM {stage}";
            await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    private static string Column(IProperty property) => property.GetColumnName();

    /// <summary>A value as the database holds it (enums as their text), so that keys compare the same before and after.</summary>
    private static string Provider(IProperty property, object? value)
    {
        var converter = property.GetTypeMapping().Converter;
        if (value is not null && converter is not null && converter.ModelClrType.IsInstanceOfType(value))
        {
            value = converter.ConvertToProvider(value);
        }

        return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static string MatchKey(IEnumerable<string> values) => string.Join('\u001f', values);
}
