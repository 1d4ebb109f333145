using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace Crm.Web.Data;

/// <summary>
/// A query composed by ordinary LINQ code (helpers, loops, <c>Concat</c>) and still compiled once, as
/// <c>EF.CompileAsyncQuery</c> compiles a query written as one lambda (decision 0081). EF otherwise walks the composed
/// tree on every call to pull its values out, then hashes and compares it to find the query in its cache: 0.6 ms of the
/// 工作台's eight-range statement.
/// <para>
/// <c>build</c> runs once per model with a stand-in <typeparamref name="TArgs"/>; inside the query's lambdas every read
/// of the stand-in becomes a read of the call's arguments, the context becomes the call's context, and a captured query
/// is inlined. Any other value the building code captures is fixed at that moment, so whatever varies between calls must
/// be read from the arguments inside a lambda (<c>c =&gt; c.At &lt; args.Until</c>), never computed from them outside.
/// </para>
/// <para>
/// With a <see cref="RowReader{T}"/>, the statement EF writes for the shape is run and read by hand where EF's SQL
/// allows it (<see cref="HandStatement{TArgs, TResult}"/>, decision 0085).
/// </para>
/// </summary>
public sealed class QueryShape<TArgs, TResult>(Func<CrmDbContext, TArgs, IQueryable<TResult>> build, RowReader<TResult>? reader = null)
    where TArgs : class, new()
{
    private readonly ConditionalWeakTable<IModel, Compiled> compiled = new();

    public Task<List<TResult>> ToListAsync(CrmDbContext db, TArgs args, CancellationToken ct)
    {
        if (!compiled.TryGetValue(db.Model, out var run))
        {
            run = compiled.GetValue(db.Model, _ => new(Compile(db), reader is null ? null : HandStatement<TArgs, TResult>.TryCreate(db, args => build(db, args), [new TArgs(), Changed()], reader)));
        }

        return run.Hand?.Parameters(args) is { } parameters ? run.Hand.ToListAsync(db, parameters, ct) : ToListAsync(run.Ef(db, args), ct);
    }

    private static async Task<List<TResult>> ToListAsync(IAsyncEnumerable<TResult> rows, CancellationToken ct)
    {
        var list = new List<TResult>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>The shape compiled by EF, and its statement run by hand when it has a reader and EF's SQL allows it.</summary>
    private sealed record Compiled(Func<CrmDbContext, TArgs, IAsyncEnumerable<TResult>> Ef, HandStatement<TArgs, TResult>? Hand);

    private Func<CrmDbContext, TArgs, IAsyncEnumerable<TResult>> Compile(CrmDbContext db)
    {
        var context = Expression.Parameter(typeof(CrmDbContext), "db");
        var args = Expression.Parameter(typeof(TArgs), "args");
        var body = Body(db, new TArgs(), context, args);

        // Built again with every argument changed, the query must come out the same: else a value was computed from the
        // arguments outside a lambda and fixed into the compiled query.
        if (!ExpressionEqualityComparer.Instance.Equals(body, Body(db, Changed(), context, args)))
        {
            throw new InvalidOperationException(
                $"The query shape for {typeof(TArgs).Name} fixes a value computed from its arguments; read them inside the query's lambdas.");
        }

        // EF takes a compiled query's arguments as scalars: one parameter per property, and a delegate that spreads them.
        var arguments = Arguments.ToList();
        var properties = arguments.ToDictionary(p => p.Name, p => Expression.Parameter(p.PropertyType, p.Name));
        body = new Spread(args, properties).Visit(body);
        var parameters = arguments.Select(p => properties[p.Name]).Prepend(context).ToArray();
        var lambda = Expression.Lambda(
            Expression.GetFuncType([.. parameters.Select(p => p.Type), typeof(IQueryable<TResult>)]), body, parameters);
        var compile = typeof(EF).GetMethods()
            .Single(m => m.Name == nameof(EF.CompileAsyncQuery)
                && m.GetGenericArguments().Length == parameters.Length + 1
                && m.GetParameters()[0].ParameterType.GetGenericArguments()[0].GetGenericArguments()[^1].IsGenericType
                && m.GetParameters()[0].ParameterType.GetGenericArguments()[0].GetGenericArguments()[^1].GetGenericTypeDefinition() == typeof(IQueryable<>))
            .MakeGenericMethod([typeof(CrmDbContext), .. arguments.Select(p => p.PropertyType), typeof(TResult)]);
        var query = (Delegate)compile.Invoke(null, [lambda])!;
        return Expression.Lambda<Func<CrmDbContext, TArgs, IAsyncEnumerable<TResult>>>(
                Expression.Invoke(Expression.Constant(query), [context, .. arguments.Select(p => Expression.Property(args, p))]),
                context,
                args)
            .Compile();
    }

    private static IEnumerable<PropertyInfo> Arguments => typeof(TArgs).GetProperties().OrderBy(p => p.MetadataToken);

    private Expression Body(CrmDbContext db, TArgs standIn, ParameterExpression context, ParameterExpression args) =>
        new Parameterize(db, standIn, context, args).Visit(build(db, standIn).Expression);

    /// <summary>A stand-in whose every argument differs from a new one's.</summary>
    private static TArgs Changed()
    {
        var changed = new TArgs();
        foreach (var property in Arguments)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? value = type == typeof(DateTime) ? new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc)
                : type == typeof(string) ? "changed"
                : type == typeof(bool) ? true
                : type.IsEnum ? Enum.ToObject(type, 7)
                : type.IsPrimitive ? Convert.ChangeType(7, type, System.Globalization.CultureInfo.InvariantCulture)
                : type.IsArray ? Array.CreateInstance(type.GetElementType()!, 1)
                : throw new InvalidOperationException($"A query shape's argument {property.Name} must be a number, date, text, flag, choice or array.");
            property.SetValue(changed, value);
        }

        return changed;
    }

    /// <summary>Turns what the lambdas captured into the compiled query's parameters, inlined queries or constants.</summary>
    private sealed class Parameterize(CrmDbContext db, TArgs standIn, ParameterExpression context, ParameterExpression args) : ExpressionVisitor
    {
        protected override Expression VisitConstant(ConstantExpression node) => (Expression?)Replace(node.Value) ?? node;

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is not ConstantExpression { Value: { } closure })
            {
                return base.VisitMember(node);
            }

            var value = node.Member switch
            {
                FieldInfo field => field.GetValue(closure),
                PropertyInfo property => property.GetValue(closure),
                _ => throw new InvalidOperationException($"Unexpected member {node.Member.Name} in a query shape."),
            };
            return (Expression?)Replace(value) ?? (value is IQueryable query ? Visit(query.Expression) : Expression.Constant(value, node.Type));
        }

        private ParameterExpression? Replace(object? value) =>
            ReferenceEquals(value, standIn) ? args : ReferenceEquals(value, db) ? context : null;
    }

    /// <summary>Reads of the arguments' properties become the compiled query's own parameters.</summary>
    /// <remarks>By name: a property declared on a base class is another <see cref="PropertyInfo"/> when read through it.</remarks>
    private sealed class Spread(ParameterExpression args, Dictionary<string, ParameterExpression> properties) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == args && node.Member is PropertyInfo property ? properties[property.Name] : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == args ? throw new InvalidOperationException($"A query shape reads {typeof(TArgs).Name}'s properties only.") : node;
    }
}

/// <summary>
/// Query shapes told apart by a key: a list whose filters and sort decide its SQL (which are present, not their values)
/// compiles one shape per key its requests use. At most <paramref name="capacity"/> keys are compiled; a request with
/// another key runs the same query composed, as EF runs any query, so no request can make the app compile without end.
/// </summary>
public sealed class QueryShapes<TKey, TArgs, TResult>(
    Func<CrmDbContext, TKey, TArgs, IQueryable<TResult>> build, int capacity = 256, RowReader<TResult>? reader = null)
    where TKey : notnull
    where TArgs : class, new()
{
    private readonly ConcurrentDictionary<TKey, QueryShape<TArgs, TResult>> shapes = new();

    public Task<List<TResult>> ToListAsync(CrmDbContext db, TKey key, TArgs args, CancellationToken ct)
    {
        var shape = shapes.TryGetValue(key, out var known) ? known
            : shapes.Count < capacity ? shapes.GetOrAdd(key, Shape)
            : null;
        return shape is null ? build(db, key, args).ToListAsync(ct) : shape.ToListAsync(db, args, ct);
    }

    /// <summary>How many keys have their own compiled shape.</summary>
    public int Compiled => shapes.Count;

    private QueryShape<TArgs, TResult> Shape(TKey key) => new((db, args) => build(db, key, args), reader);
}

/// <summary>
/// A query shape's statement run without EF (decision 0085): EF writes it once, with the shape's stand-in arguments,
/// and each call binds its own arguments to the parameters EF made of them, converted as EF converts them; the rows
/// are read by the shape's <see cref="RowReader{T}"/>. EF's compiled query cost more than the statement on a list
/// page (its command, parameters, reader and materializer: ~55 µs a page in a loop, ~0.1 ms within a request).
/// <para>
/// EF writes a shape's SQL per argument that is null or not, and a list's in its values: such a shape, or a call with a
/// null argument, is run by EF. So is a parameter that is not one of the arguments or that EF converts otherwise.
/// </para>
/// </summary>
internal sealed class HandStatement<TArgs, TResult>
    where TArgs : class
{
    private readonly string sql;
    private readonly (string Name, Func<TArgs, object?> Value)[] parameters;
    private readonly RowReader<TResult> reader;
    private bool columnsChecked;

    private HandStatement(string sql, (string Name, Func<TArgs, object?> Value)[] parameters, RowReader<TResult> reader)
    {
        this.sql = sql;
        this.parameters = parameters;
        this.reader = reader;
    }

    /// <param name="build">The shape, built with the given arguments.</param>
    /// <param name="standIns">Arguments that differ in every value (and whether it is null): EF must write the same SQL for each.</param>
    public static HandStatement<TArgs, TResult>? TryCreate(CrmDbContext db, Func<TArgs, IQueryable<TResult>> build, TArgs[] standIns, RowReader<TResult> reader)
    {
        var commands = standIns.Select(args => build(args).CreateDbCommand()).ToList();
        try
        {
            if (commands.Any(c => c.CommandText != commands[0].CommandText || c.Parameters.Count != commands[0].Parameters.Count))
            {
                return null;
            }

            var bound = new List<(string, Func<TArgs, object?>)>();
            for (var i = 0; i < commands[0].Parameters.Count; i++)
            {
                var name = commands[0].Parameters[i].ParameterName;

                // EF names the parameter of a captured argument after it: `args.Level` is `@args_Level`.
                if (typeof(TArgs).GetProperty(name[(name.LastIndexOf('_') + 1)..]) is not { } property || property.PropertyType.IsArray)
                {
                    return null;
                }

                // The model converts values by type (CrmDbContext.ConfigureConventions): a choice to its name, a time to UTC.
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var converter = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
                    .FirstOrDefault(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == type)?.GetTypeMapping().Converter;
                Func<TArgs, object?> value = args => property.GetValue(args) is { } v ? converter?.ConvertToProvider(v) ?? v : null;

                // Each stand-in's value, converted so, must be the one EF sent: else EF converts it some other way.
                if (standIns.Where((args, k) => commands[k].Parameters[i].ParameterName != name || !Equals(value(args), commands[k].Parameters[i].Value)).Any())
                {
                    return null;
                }

                bound.Add((name, value));
            }

            return new(commands[0].CommandText, [.. bound], reader);
        }
        finally
        {
            commands.ForEach(c => c.Dispose());
        }
    }

    /// <summary>The call's parameters; null when an argument is null (EF writes other SQL for it).</summary>
    public (string Name, object Value)[]? Parameters(TArgs args)
    {
        var values = new (string Name, object Value)[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Value(args) is not { } value)
            {
                return null;
            }

            values[i] = (parameters[i].Name, value);
        }

        return values;
    }

    public async Task<List<TResult>> ToListAsync(CrmDbContext db, (string Name, object Value)[] values, CancellationToken ct)
    {
        var rows = new List<TResult>();
        await RawSql.ReadAsync(
            db,
            sql,
            row =>
            {
                if (!columnsChecked)
                {
                    reader.Check(row);
                    columnsChecked = true;
                }

                rows.Add(reader.Read(row));
            },
            ct,
            values);
        return rows;
    }
}
