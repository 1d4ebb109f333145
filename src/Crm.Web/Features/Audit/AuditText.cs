using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Resources;
using Crm.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Audit;

/// <summary>
/// An audit entry in words a salesperson reads: "客户状态: 意向客户 → 成交客户". Field names become the form labels,
/// enum values their Chinese names, times and money the way the pages print them.
/// </summary>
public sealed class AuditText(IStringLocalizer<UiText> text)
{
    /// <summary>Fields whose label key is not "Label_" + the field name in PascalCase.</summary>
    private static readonly Dictionary<string, string> LabelKeys = new()
    {
        ["sales_owner_id"] = "Label_SalesOwner",
        ["contact_id"] = "Label_ContactId",
        ["customer_id"] = "Label_CustomerIds",
        ["sales_owner"] = "Label_SalesOwner",
        ["reason"] = "Label_TransferReason",
        ["comment"] = "Label_TransferComment",
        ["transfer_request_id"] = "Label_TransferRequestId",
    };

    /// <summary>Fields whose values are enum names, with the prefix of their Chinese labels.</summary>
    private static readonly Dictionary<string, string> EnumPrefixes = new()
    {
        ["status"] = "Status_",
        ["customer_type"] = "CustomerType_",
        ["role"] = "Role_",
        ["method"] = "FollowUpMethod_",
    };

    private static readonly HashSet<string> MoneyFields = ["credit_limit", "annual_revenue"];

    /// <summary>"修改 客户", "登录失败" …</summary>
    public string Action(AuditEntryDto entry) =>
        entry.EntityType == "session" || entry.Action is not ("create" or "update" or "delete")
            ? Localized("Audit_Action_" + entry.Action, entry.Action)
            : $"{Localized("Audit_Action_" + entry.Action, entry.Action)}{Entity(entry.EntityType)}";

    public string Entity(string entityType) => Localized("Audit_Entity_" + entityType, entityType);

    /// <summary>
    /// One line per changed field (for a delete: the record's name), in the order the entry lists them; user ids
    /// (<see cref="AuditUserNames.UserFields"/>) by the names in <paramref name="userNames"/> where known.
    /// </summary>
    public IReadOnlyList<string> Lines(AuditEntryDto entry, IReadOnlyDictionary<long, string>? userNames = null)
    {
        if (entry.Changes is { Count: > 0 } changes)
        {
            return changes.Select(c => Line(entry, c.Key, AuditUserNames.UserFields.Contains(c.Key) ? Named(c.Value, userNames) : c.Value)).ToList();
        }

        if (entry.Snapshot is { } snapshot && (snapshot["name"] ?? snapshot["tag_name"] ?? snapshot["content"]) is { } what)
        {
            return [Value(snapshot["name"] is not null ? "name" : snapshot["tag_name"] is not null ? "tag_name" : "content", what)];
        }

        return entry.Ip is { } ip ? [$"IP: {ip}"] : [];
    }

    public string Label(string entityType, string field) => field switch
    {
        "name" when entityType == "contact" => Messages.Get("Label_ContactName"),
        "name" => Messages.Get("Label_CustomerName"),
        _ => Messages.Get(LabelKeys.GetValueOrDefault(field) ?? "Label_" + Pascal(field)) is var label && !label.StartsWith("Label_", StringComparison.Ordinal)
            ? label
            : field,
    };

    public string Value(string field, JsonNode? value)
    {
        if (value is null)
        {
            return "—";
        }

        if (value is not JsonValue json)
        {
            return value.ToJsonString();
        }

        switch (json.GetValueKind())
        {
            case JsonValueKind.True:
                return text["Audit_Yes"];
            case JsonValueKind.False:
                return text["Audit_No"];
            case JsonValueKind.Number when MoneyFields.Contains(field):
                return json.GetValue<decimal>().ToString("N2", CultureInfo.CurrentCulture);
            case JsonValueKind.Number:
                return json.GetValue<decimal>().ToString(CultureInfo.CurrentCulture);
        }

        var s = json.GetValue<string>();
        if (EnumPrefixes.TryGetValue(field, out var prefix))
        {
            return Messages.Get(prefix + s);
        }

        // Instants carry their offset ("2026-12-03T11:03:16+08:00"); dates are plain ISO and stay as they are.
        return s.Length > 10 && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : s;
    }

    private string Line(AuditEntryDto entry, string field, JsonNode? change)
    {
        var label = Label(entry.EntityType, field);
        if (change is not JsonObject pair || !pair.ContainsKey("new"))
        {
            return $"{label}: {Value(field, change)}";
        }

        return entry.Action == "create" && pair["old"] is null
            ? $"{label}: {Value(field, pair["new"])}"
            : $"{label}: {Value(field, pair["old"])} → {Value(field, pair["new"])}";
    }

    /// <summary>The change with each user id replaced by that user's name, when known.</summary>
    private static JsonNode? Named(JsonNode? change, IReadOnlyDictionary<long, string>? userNames)
    {
        JsonNode? Name(JsonNode? value) =>
            value is JsonValue id && id.TryGetValue<long>(out var userId) && userNames?.GetValueOrDefault(userId) is { } name ? JsonValue.Create(name) : value?.DeepClone();

        return change is JsonObject pair ? new JsonObject(pair.Select(p => KeyValuePair.Create(p.Key, Name(p.Value)))) : Name(change);
    }

    private string Localized(string key, string fallback)
    {
        var value = text[key];
        return value.ResourceNotFound ? fallback : value.Value;
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
