using Crm.Domain.Common;

namespace Crm.Domain.Tests;

/// <summary>Runs a validation rule as a use case does and returns what the user would see: the value kept and the messages per field.</summary>
internal static class Rule
{
    public static (T Value, IReadOnlyDictionary<string, string[]> Errors) Run<T>(Func<ValidationErrors, T> rule)
    {
        var errors = new ValidationErrors();
        var value = rule(errors);
        return (value, errors.ToDictionary());
    }

    public static IReadOnlyDictionary<string, string[]> Run(Action<ValidationErrors> rule) =>
        Run(errors =>
        {
            rule(errors);
            return 0;
        }).Errors;

    /// <summary>The messages in Chinese, the default UI language, whatever the culture of the machine running the tests.</summary>
    public static IReadOnlyDictionary<string, string[]> ChineseErrors<T>(Func<ValidationErrors, T> rule)
    {
        using var _ = UiCulture.Chinese();
        return Run(rule).Errors;
    }

    public static IReadOnlyDictionary<string, string[]> ChineseErrors(Action<ValidationErrors> rule)
    {
        using var _ = UiCulture.Chinese();
        return Run(rule);
    }
}
