using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// The SQL of the LINQ queries EF sends while this is alive, as EF hands it over: the very same string each time when EF
/// reused the statement it built, a new one when it built the statement again (decision 0079). With a context, only
/// that context's; with a database, only what is sent to it (the tests of other collections run beside, each on its
/// own database); with neither, every context's in the process. Hand-written SQL (ExecuteSql, SaveChanges' batches) is
/// left out: a background fold sending the same text twice is no statement built again.
/// </summary>
public sealed class SentStatements : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly DbContext? context;
    private readonly (string Source, string Name)? database;
    private readonly List<IDisposable> subscriptions = [];

    private SentStatements(DbContext? context, (string, string)? database)
    {
        this.context = context;
        this.database = database;
    }

    public ConcurrentQueue<string> Texts { get; } = new();

    public static SentStatements Watch(DbContext? context = null) => Start(new SentStatements(context, null));

    /// <summary>What the app sends to <paramref name="factory"/>'s database, from any of its contexts.</summary>
    public static SentStatements Watch(CrmAppFactory factory)
    {
        using var db = factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext();
        if (!db.IsPostgres)
        {
            db.Database.OpenConnection(); // an open SQLite connection names its file as the statements' connections do
        }

        return Start(new SentStatements(null, Identity(db.Database.GetDbConnection())));
    }

    private static SentStatements Start(SentStatements sent)
    {
        sent.Add(DiagnosticListener.AllListeners.Subscribe(sent));
        return sent;
    }

    /// <summary>The file on SQLite; server and database name on PostgreSQL.</summary>
    private static (string, string) Identity(DbConnection connection) => (connection.DataSource, connection.Database);

    /// <summary>Takes what was sent so far and starts again.</summary>
    public string[] Take()
    {
        var texts = new List<string>();
        while (Texts.TryDequeue(out var text))
        {
            texts.Add(text);
        }

        return [.. texts];
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            Add(value.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { CommandSource: CommandSource.LinqQuery } sent
            && (context is null || sent.Context == context)
            && (database is null || (sent.Command.Connection is { } connection && Identity(connection) == database)))
        {
            Texts.Enqueue(sent.Command.CommandText);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }

    private void Add(IDisposable subscription)
    {
        lock (subscriptions)
        {
            subscriptions.Add(subscription);
        }
    }
}
