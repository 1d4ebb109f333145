using AntDesign;
using Crm.Domain.Common;

namespace Crm.Web.Components.Shared;

/// <summary>
/// A use case's validation messages by API field name, as a form shows them: next to the field (its help line,
/// in red) instead of the field's hint. The messages are the handler's own, never re-worded by the UI.
/// </summary>
public sealed class FieldErrors(IReadOnlyDictionary<string, string[]> byField)
{
    public static FieldErrors None { get; } = new(new Dictionary<string, string[]>());

    public IReadOnlyDictionary<string, string[]> ByField { get; } = byField;

    public int Count => ByField.Values.Sum(v => v.Length);

    public static FieldErrors From(DomainValidationException exception) => new(exception.Errors.ToDictionary());

    /// <summary>Every message in one line, for a form with a single input.</summary>
    public string? Summary => Count == 0 ? null : string.Join("；", ByField.Values.SelectMany(v => v));

    /// <summary>The field's messages, or the hint to show when it has none.</summary>
    public string? Help(string field, string? hint = null) =>
        ByField.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join("；", messages) : hint;

    public FormValidateStatus Status(string field) =>
        ByField.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    /// <summary>Messages of fields the form does not show (they go on top of the form).</summary>
    public IReadOnlyList<string> Outside(IEnumerable<string> shownFields) =>
        ByField.Where(e => !shownFields.Contains(e.Key)).SelectMany(e => e.Value).ToList();
}
