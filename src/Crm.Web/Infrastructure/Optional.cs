namespace Crm.Web.Infrastructure;

/// <summary>A field of a partial update: <see cref="IsSet"/> is false when the client did not send it.</summary>
public readonly record struct Optional<T>(bool IsSet, T Value)
{
    public static Optional<T> Of(T value) => new(true, value);

    public T OrElse(T fallback) => IsSet ? Value : fallback;
}
