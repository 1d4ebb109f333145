using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Domain.Transfers;

/// <summary>The checks a transfer (request, direct or bulk) makes on its input (SPEC §3.7, issue 9).</summary>
public static class TransferRules
{
    public const int ReasonMax = 500;
    public const int CommentMax = 500;

    /// <summary>A salesperson must say why (1–500 characters); an admin may leave it empty.</summary>
    public static string? Reason(string? value, bool required, ValidationErrors errors) =>
        required
            ? Text.Required(value, ReasonMax, "reason", "Label_TransferReason", errors)
            : Text.Optional(value, ReasonMax, "reason", "Label_TransferReason", errors);

    /// <summary>The admin's note on approving or rejecting: optional, at most 500 characters.</summary>
    public static string? Comment(string? value, ValidationErrors errors) =>
        Text.Optional(value, CommentMax, "comment", "Label_TransferComment", errors);

    /// <summary>
    /// The receiver must be an active user other than the current owner. <paramref name="targetActive"/> is null when
    /// no such user exists. Returns the message for the field, or null when the receiver is fine.
    /// </summary>
    public static string? TargetProblem(long targetId, long currentOwnerId, bool? targetActive) => targetActive switch
    {
        null or false => Messages.TransferTargetInvalid,
        _ when targetId == currentOwnerId => Messages.TransferTargetIsOwner,
        _ => null,
    };
}
