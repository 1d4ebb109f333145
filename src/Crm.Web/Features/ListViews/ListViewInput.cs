using Crm.Web.Infrastructure;

namespace Crm.Web.Features.ListViews;

/// <summary>What a client sends to save a view; on update only the fields set change (the list never does).</summary>
public sealed record ListViewInput
{
    public Optional<string?> List { get; init; }
    public Optional<string?> Name { get; init; }
    public Optional<string?> Query { get; init; }
    public Optional<IReadOnlyList<string>?> Columns { get; init; }
}
