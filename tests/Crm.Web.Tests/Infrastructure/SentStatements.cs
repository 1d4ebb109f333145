using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// The SQL of the LINQ queries EF sends while this is alive, as EF hands it over: the very same string each time when EF
/// reused the statement it built, a new one when it built the statement again (decision 0079). With a context, only
/// that context's; without, every context's in the process. Hand-written SQL (ExecuteSql, SaveChanges' batches) is
/// left out: a background fold sending the same text twice is no statement built again.
/// </summary>
public sealed class SentStatements : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly DbContext? context;
    private readonly List<IDisposable> subscriptions = [];

    private SentStatements(DbContext? context) => this.context = context;

    public ConcurrentQueue<string> Texts { get; } = new();

    public static SentStatements Watch(DbContext? context = null)
    {
        var sent = new SentStatements(context);
        sent.Add(DiagnosticListener.AllListeners.Subscribe(sent));
        return sent;
    }

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
            && (context is null || sent.Context == context))
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
