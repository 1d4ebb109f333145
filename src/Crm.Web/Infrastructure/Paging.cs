namespace Crm.Web.Infrastructure;

/// <summary>The shape of every list that can grow without bound.</summary>
public sealed record Paged<T>(long Total, int Page, int PageSize, IReadOnlyList<T> Items);
