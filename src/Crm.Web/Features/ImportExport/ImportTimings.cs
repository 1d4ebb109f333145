using System.Diagnostics;
using System.Globalization;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// Where one import pass spends its time, phase by phase (reading the sheet, checking rows, writing each table), logged
/// when the pass ends so that a slow import on a customer's machine — and the bench — says which part is slow.
/// </summary>
public sealed class ImportTimings
{
    private readonly List<(string Phase, long Ticks)> _phases = [];
    private long _mark = Stopwatch.GetTimestamp();

    /// <summary>Adds the time since the previous lap (or since the pass began) to <paramref name="phase"/>.</summary>
    public void Lap(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        var i = _phases.FindIndex(p => p.Phase == phase);
        _phases.Add((phase, 0));
        if (i >= 0)
        {
            _phases.RemoveAt(_phases.Count - 1);
        }
        else
        {
            i = _phases.Count - 1;
        }

        _phases[i] = (phase, _phases[i].Ticks + now - _mark);
        _mark = now;
    }

    public override string ToString() => string.Join(", ", _phases.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {Stopwatch.GetElapsedTime(0, p.Ticks).TotalMilliseconds:F0} ms")));
}
