using System.Collections.Concurrent;

namespace Crm.Web.Features.ImportExport;

/// <summary>Where a background import stands.</summary>
public enum ImportPhase
{
    /// <summary>Reading and checking rows (a dry run, or an import before its writing starts).</summary>
    Checking,

    /// <summary>Checking and writing rows inside the import's transaction.</summary>
    Writing,

    /// <summary>Done: <see cref="ImportProgressState.Result"/> says what it did (with errors: refused, nothing written).</summary>
    Finished,

    /// <summary>Stopped without a result: <see cref="ImportProgressState.Error"/> says why; nothing was written.</summary>
    Failed,
}

/// <summary>One background import as this app instance sees it: rows done of the file's rows, and at the end its result or error.</summary>
public sealed record ImportProgressState(
    long ImportId, string Kind, long CreatedById, ImportPhase Phase, int RowsDone, int TotalRows, ImportResultDto? Result, string? Error);

/// <summary>
/// The progress of the background imports running on this app instance (decision 0051), by import id, updated by the
/// import after every batch and polled by the import page. In memory is enough: an import runs on the instance that
/// received it (ImportJobs), and the page that polls it is a Blazor circuit on that same instance (sticky sessions,
/// decision 0032); the history row in the database is what every instance and every later visit reads. A state stays
/// here for <see cref="Keep"/> after the import ended, so a page that comes back shortly still sees the result.
/// </summary>
public sealed class ImportProgress(TimeProvider clock)
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<long, (ImportProgressState State, DateTimeOffset Ended)> _imports = new();

    /// <summary>The import's state, or null when it is not running (and did not just end) on this instance.</summary>
    public ImportProgressState? Get(long importId) => _imports.TryGetValue(importId, out var entry) ? entry.State : null;

    internal void Start(long importId, string kind, long createdById, int totalRows)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, entry) in _imports)
        {
            if (entry.State.Phase is ImportPhase.Finished or ImportPhase.Failed && now - entry.Ended > Keep)
            {
                _imports.TryRemove(id, out _);
            }
        }

        _imports[importId] = (new ImportProgressState(importId, kind, createdById, ImportPhase.Checking, 0, totalRows, null, null), DateTimeOffset.MaxValue);
    }

    /// <summary>What the import's pass reports after each batch.</summary>
    internal IProgress<ImportStep> Reporter(long importId) => new Step(this, importId);

    internal void Finish(long importId, ImportResultDto result) =>
        Update(importId, s => s with { Phase = ImportPhase.Finished, RowsDone = result.TotalRows, TotalRows = result.TotalRows, Result = result }, ended: true);

    internal void Fail(long importId, string error) =>
        Update(importId, s => s with { Phase = ImportPhase.Failed, Error = error }, ended: true);

    private void Update(long importId, Func<ImportProgressState, ImportProgressState> change, bool ended = false)
    {
        if (_imports.TryGetValue(importId, out var entry))
        {
            _imports[importId] = (change(entry.State), ended ? clock.GetUtcNow() : entry.Ended);
        }
    }

    /// <summary>Synchronous on purpose (not Progress&lt;T&gt;, which posts to a context): the state is current when the batch returns.</summary>
    private sealed class Step(ImportProgress registry, long importId) : IProgress<ImportStep>
    {
        public void Report(ImportStep value) => registry.Update(importId, s => s with
        {
            Phase = value.Writing ? ImportPhase.Writing : ImportPhase.Checking,
            RowsDone = value.Done,
            TotalRows = Math.Max(value.Total, value.Done),
        });
    }
}
