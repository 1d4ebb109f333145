using Crm.Domain.Resources;

namespace Crm.Domain.Common;

/// <summary>Collects validation messages per API field name (snake_case), in the order found.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public string? FirstMessage => _errors.Count == 0 ? null : _errors.First().Value[0];

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    /// <summary>Throws <see cref="DomainValidationException"/> when anything was collected.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new DomainValidationException(this);
        }
    }

    public static DomainValidationException Failure(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return new DomainValidationException(errors);
    }
}

/// <summary>Bad input: answered 400 with the first message as detail and all messages per field.</summary>
public sealed class DomainValidationException(ValidationErrors errors)
    : Exception(errors.FirstMessage ?? Messages.ValidationFailed)
{
    public ValidationErrors Errors { get; } = errors;
}

/// <summary>The record does not exist or is outside the caller's scope (existence is not revealed).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller's role may never take this action.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>A stale version or a conflicting concurrent change.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Bad or missing credentials.</summary>
public sealed class UnauthorizedException(string message) : Exception(message);
