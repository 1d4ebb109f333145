using System.Globalization;
using System.Text.Json;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Reads a JSON request body field by field, so that a partial update can tell "absent" from "null",
/// unknown fields are ignored, and a wrong type becomes a Chinese 400 message instead of a 500.
/// It is also the one place where hostile text is refused (decision 0028): malformed UTF-8 or UTF-16 anywhere in the
/// body, a field sent twice, and in every text field the characters <see cref="TextCharacters"/> does not allow.
/// The body's size was capped before it got here (<see cref="Security.RequestLimits"/>).
/// </summary>
public sealed class JsonFields
{
    /// <summary>Deep enough for any body the API takes; deeper nesting is refused rather than walked.</summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    private readonly JsonElement _root;

    private JsonFields(JsonElement root, BusinessTime time)
    {
        _root = root;
        Time = time;
    }

    public ValidationErrors Errors { get; } = new();

    public BusinessTime Time { get; }

    public static async Task<JsonFields> ReadAsync(HttpRequest request, BusinessTime time, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, ParseOptions, ct);
        }
        catch (JsonException)
        {
            throw ValidationErrors.Failure("body", Messages.InvalidJson);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ValidationErrors.Failure("body", Messages.BodyMustBeObject);
            }

            CheckWellFormed(document.RootElement);
            return new JsonFields(document.RootElement.Clone(), time);
        }
    }

    public bool Has(string name) => _root.TryGetProperty(name, out _);

    /// <summary>A text field; a paragraph (<see cref="TextKind.MultiLine"/>) may also hold tabs and line breaks.</summary>
    public Optional<string?> Text(string name, string labelKey, TextKind kind = TextKind.SingleLine)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return Optional<string?>.Of(null);
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (TextCharacters.Problem(text, kind) is { } problem)
                {
                    Errors.Add(name, Messages.Format(problem, Messages.Get(labelKey)));
                    return default;
                }

                return Optional<string?>.Of(text);
            default:
                Errors.Add(name, Messages.Format("FieldMustBeText", Messages.Get(labelKey)));
                return default;
        }
    }

    /// <summary>A JSON number; money fields are checked for sign and decimals by the use case.</summary>
    public Optional<decimal?> Decimal(string name, string labelKey)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<decimal?>.Of(null);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return Optional<decimal?>.Of(number);
        }

        Errors.Add(name, Messages.Format(value.ValueKind == JsonValueKind.Number ? "MoneyInvalid" : "FieldMustBeNumber", Messages.Get(labelKey)));
        return default;
    }

    public Optional<int?> Integer(string name, string labelKey)
    {
        var number = WholeNumber(name, labelKey, int.MinValue, int.MaxValue);
        return number.IsSet ? Optional<int?>.Of((int?)number.Value) : default;
    }

    public Optional<long?> Id(string name, string labelKey) => WholeNumber(name, labelKey, 1, long.MaxValue);

    public Optional<bool?> Boolean(string name, string labelKey)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return Optional<bool?>.Of(null);
            case JsonValueKind.True:
                return Optional<bool?>.Of(true);
            case JsonValueKind.False:
                return Optional<bool?>.Of(false);
            default:
                Errors.Add(name, Messages.Format("FieldMustBeBoolean", Messages.Get(labelKey)));
                return default;
        }
    }

    /// <summary>A plain date, yyyy-MM-dd.</summary>
    public Optional<DateOnly?> Date(string name, string labelKey)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<DateOnly?>.Of(null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (text.Length == 0)
            {
                return Optional<DateOnly?>.Of(null);
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Optional<DateOnly?>.Of(date);
            }
        }

        Errors.Add(name, Messages.Format("FieldMustBeDate", Messages.Get(labelKey)));
        return default;
    }

    /// <summary>An ISO 8601 timestamp; without an offset it is business-zone local time. Returned as UTC.</summary>
    public Optional<DateTime?> Instant(string name, string labelKey)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<DateTime?>.Of(null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (text.Length == 0)
            {
                return Optional<DateTime?>.Of(null);
            }

            if (LooksLikeIso8601(text) && Time.TryParseInstant(text, out var utc))
            {
                return Optional<DateTime?>.Of(utc);
            }
        }

        Errors.Add(name, Messages.Format("FieldMustBeDateTime", Messages.Get(labelKey)));
        return default;
    }

    public Optional<IReadOnlyList<string>?> TextList(string name, string labelKey)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<IReadOnlyList<string>?>.Of(null);
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            var items = value.EnumerateArray().Select(v => v.GetString()!).ToArray();
            if (items.Select(item => TextCharacters.Problem(item, TextKind.SingleLine)).FirstOrDefault(p => p is not null) is { } problem)
            {
                Errors.Add(name, Messages.Format(problem, Messages.Get(labelKey)));
                return default;
            }

            return Optional<IReadOnlyList<string>?>.Of(items);
        }

        Errors.Add(name, Messages.Format("FieldMustBeList", Messages.Get(labelKey)));
        return default;
    }

    public Optional<IReadOnlyList<long>?> IdList(string name, string labelKey)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<IReadOnlyList<long>?>.Of(null);
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var ids = new List<long>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var id) || id < 1)
                {
                    Errors.Add(name, Messages.Format("FieldMustBeList", Messages.Get(labelKey)));
                    return default;
                }

                ids.Add(id);
            }

            return Optional<IReadOnlyList<long>?>.Of(ids);
        }

        Errors.Add(name, Messages.Format("FieldMustBeList", Messages.Get(labelKey)));
        return default;
    }

    /// <summary>Throws the collected type errors, if any, before a use case sees the input.</summary>
    public void ThrowIfInvalid() => Errors.ThrowIfAny();

    private Optional<long?> WholeNumber(string name, string labelKey, long min, long max)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<long?>.Of(null);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return Optional<long?>.Of(number);
        }

        Errors.Add(name, Messages.Format("FieldMustBeInteger", Messages.Get(labelKey)));
        return default;
    }

    /// <summary>
    /// Walks the whole body once: every name and string must be well-formed text (the parser does not check the UTF-8
    /// inside strings, nor a lone \ud800 escape), and no object may name a field twice (last-wins would let two
    /// readers of one body see different values).
    /// </summary>
    private static void CheckWellFormed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = WellFormed(() => property.Name);
                    if (!seen.Add(name))
                    {
                        throw ValidationErrors.Failure(name, Messages.Format("DuplicateJsonField", name.Length > 40 ? name[..40] + "…" : name));
                    }

                    CheckWellFormed(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckWellFormed(item);
                }

                break;
            case JsonValueKind.String:
                WellFormed(element.GetString);
                break;
        }
    }

    private static string WellFormed(Func<string?> read)
    {
        string? text;
        try
        {
            text = read();
        }
        catch (InvalidOperationException)
        {
            throw ValidationErrors.Failure("body", Messages.BodyMalformedText);
        }

        return text is null || TextCharacters.IsWellFormed(text) ? text ?? string.Empty : throw ValidationErrors.Failure("body", Messages.BodyMalformedText);
    }

    private static bool LooksLikeIso8601(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-';
}
