using System.Collections.Concurrent;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Keeps one failure repeated by many requests from flooding the log (issue 12: one client wrote 10 MB of stack traces
/// in 10 s). The first occurrence of an error (same exception type and message at the same endpoint) is logged in full;
/// repeats within <see cref="Window"/> are only counted, and the next one logged after the window says how many were
/// left out.
/// </summary>
public sealed class ErrorLogThrottle(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>More distinct errors than this at once is itself a flood; forget the old ones rather than grow.</summary>
    private const int MaxKeys = 1000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether to log this occurrence; <paramref name="suppressed"/> is how many repeats were not logged before it.</summary>
    public bool ShouldLog(string key, out int suppressed)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count > MaxKeys)
        {
            _entries.Clear();
        }

        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.LoggedAt is { } last && now - last < Window)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.LoggedAt = now;
            return true;
        }
    }

    /// <summary>What makes two errors "the same": the exception and where it happened (the route, not the ids in the path).</summary>
    public static string KeyOf(HttpContext context, Exception exception) =>
        $"{exception.GetType().FullName}|{exception.Message}|{context.Request.Method} {context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value}";

    private sealed class Entry
    {
        public DateTimeOffset? LoggedAt { get; set; }
        public int Suppressed { get; set; }
    }
}
