using System.Globalization;

namespace Crm.Domain.Tests;

/// <summary>
/// Switches the UI culture for one test and restores it, so message assertions do not depend on the
/// culture of the machine running the tests.
/// </summary>
public sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    private UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public static UiCulture Chinese() => new("zh-CN");

    public static UiCulture English() => new("en");

    public static UiCulture Use(string name) => new(name);

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
