namespace Crm.Web.Infrastructure;

/// <summary>The shape of every list that can grow without bound.</summary>
public sealed record Paged<T>(long Total, int Page, int PageSize, IReadOnlyList<T> Items)
{
    /// <summary>True when <see cref="Total"/> is the count cap rather than the exact number ("10000+").</summary>
    public bool TotalCapped { get; init; }

    /// <summary>True when <see cref="Total"/> is estimated from a sample, rounded (约 3.3 万; decision 0066).</summary>
    public bool TotalEstimated { get; init; }
}
