using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Domain.FollowUps;

/// <summary>Rules of a follow-up record (SPEC §2.4, §4.1).</summary>
public static class FollowUpRules
{
    public const int ContentMax = 2000;

    /// <summary>
    /// A record logged "now" from a phone whose clock runs a little fast must not be refused as lying in
    /// the future, so the check allows this much skew.
    /// </summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A follow-up records something that happened, so it cannot lie in the future; the next follow-up,
    /// when planned, comes strictly after it. All values are UTC.
    /// </summary>
    public static void CheckTimes(DateTime followUpAtUtc, DateTime? nextFollowUpAtUtc, DateTime nowUtc, ValidationErrors errors)
    {
        if (followUpAtUtc > nowUtc + AllowedClockSkew)
        {
            errors.Add("follow_up_at", Messages.FollowUpInFuture);
        }

        if (nextFollowUpAtUtc is { } next && next <= followUpAtUtc)
        {
            errors.Add("next_follow_up_at", Messages.NextFollowUpNotAfter);
        }
    }
}
