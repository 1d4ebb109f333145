using Crm.Domain.Common;
using Crm.Domain.FollowUps;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>Applies and validates a record's fields (SPEC §2.4, §4.1); shared by create and update.</summary>
internal static class FollowUpFields
{
    public static async Task ApplyAsync(CrmDbContext db, FollowUp record, FollowUpInput input, bool creating, DateTime nowUtc, ValidationErrors errors, CancellationToken ct)
    {
        if (input.FollowUpAt.IsSet || creating)
        {
            if (input.FollowUpAt.Value is { } at)
            {
                record.FollowUpAt = at;
            }
            else if (creating)
            {
                record.FollowUpAt = nowUtc;
            }
            else
            {
                errors.Add("follow_up_at", Messages.Format("FieldRequired", Messages.Get("Label_FollowUpAt")));
            }
        }

        if (input.Method.IsSet || creating)
        {
            record.Method = Method(input.Method.Value, errors);
        }

        if (input.Content.IsSet || creating)
        {
            record.Content = Text.Required(input.Content.Value, FollowUpRules.ContentMax, "content", "Label_Content", errors);
        }

        if (input.NextFollowUpAt.IsSet)
        {
            record.NextFollowUpAt = input.NextFollowUpAt.Value;
        }

        FollowUpRules.CheckTimes(record.FollowUpAt, record.NextFollowUpAt, nowUtc, errors);

        if (input.ContactId.IsSet)
        {
            record.ContactId = input.ContactId.Value;
            if (record.ContactId is { } contactId
                && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.CustomerId == record.CustomerId, ct))
            {
                errors.Add("contact_id", Messages.ContactNotOfCustomer);
            }
        }
    }

    /// <summary>The method as stored and shown (phone, visit …); missing means other.</summary>
    private static string Method(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            return EnumText<FollowUpMethod>.Name(FollowUpMethod.Other);
        }

        if (EnumText<FollowUpMethod>.TryParse(cleaned, out var method))
        {
            return EnumText<FollowUpMethod>.Name(method);
        }

        errors.Add("method", Messages.Format("InvalidChoice", Messages.Get("Label_Method"), string.Join(", ", EnumText<FollowUpMethod>.Names)));
        return cleaned;
    }
}
