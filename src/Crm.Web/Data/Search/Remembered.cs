using System.Collections.Concurrent;

namespace Crm.Web.Data.Search;

/// <summary>
/// Values kept for a while (a minute unless told), at most 4,096 (then all are forgotten at once): plan choices and
/// estimated totals, which may lag the data by that much without changing which rows a list shows (decisions 0065–0067).
/// </summary>
internal sealed class Remembered<T>(long lifetimeMs = 60_000)
{
    private const int Most = 4_096;
    private readonly ConcurrentDictionary<string, (T Value, long At)> values = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T value)
    {
        if (values.TryGetValue(key, out var known) && Environment.TickCount64 - known.At < lifetimeMs)
        {
            value = known.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string key, T value)
    {
        if (values.Count >= Most)
        {
            values.Clear();
        }

        values[key] = (value, Environment.TickCount64);
    }
}
