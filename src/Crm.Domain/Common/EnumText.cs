using System.Collections.Frozen;

using Crm.Domain.Customers;

namespace Crm.Domain.Common;

/// <summary>
/// Enum values travel through the API and the database as their lower-case names
/// (<c>enterprise</c>, <c>potential</c>, <c>admin</c>); grades as their letter.
/// </summary>
public static class EnumText<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName =
        Enum.GetValues<T>().ToFrozenDictionary(v => Name(v), v => v, StringComparer.OrdinalIgnoreCase);

    /// <summary>All names in declaration order, for "allowed values" messages.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<T>().Select(Name).ToArray();

    public static string Name(T value) =>
        typeof(T) == typeof(CustomerLevel) ? value.ToString() : value.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out T value)
    {
        if (text is not null && ByName.TryGetValue(text.Trim(), out value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
