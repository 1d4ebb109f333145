using Crm.Domain.Common;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.FollowUps;

/// <summary>A follow-up being typed in a form: times are business-zone wall-clock (decision 0040), the use case takes UTC.</summary>
public sealed class FollowUpDraft
{
    public string Method { get; set; } = "phone";
    public string? Content { get; set; }
    public DateTime? At { get; set; }
    public long? ContactId { get; set; }
    public DateTime? Next { get; set; }

    /// <summary>What the use case takes. A new record without <see cref="At"/> takes the server's clock (now).</summary>
    public FollowUpInput ToInput(BusinessClock clock) => new()
    {
        Method = Optional<string?>.Of(Method),
        Content = Optional<string?>.Of(Content),
        FollowUpAt = Optional<DateTime?>.Of(At is { } at ? clock.ToUtc(at) : null),
        NextFollowUpAt = Optional<DateTime?>.Of(Next is { } next ? clock.ToUtc(next) : null),
        ContactId = Optional<long?>.Of(ContactId),
    };
}
