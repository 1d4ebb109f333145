using Crm.Web.Infrastructure;

namespace Crm.Web.Features.FollowUps;

/// <summary>What a client sends to log or change a follow-up; on update only the fields set change. Times are UTC.</summary>
public sealed record FollowUpInput
{
    public Optional<DateTime?> FollowUpAt { get; init; }
    public Optional<string?> Method { get; init; }
    public Optional<string?> Content { get; init; }
    public Optional<DateTime?> NextFollowUpAt { get; init; }
    public Optional<long?> ContactId { get; init; }
}
