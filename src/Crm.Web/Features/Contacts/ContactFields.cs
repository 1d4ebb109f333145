using Crm.Domain.Common;
using Crm.Domain.Contacts;
using Crm.Web.Data;

namespace Crm.Web.Features.Contacts;

/// <summary>Applies and validates a contact's own fields; shared by create and update.</summary>
internal static class ContactFields
{
    public static void Apply(Contact contact, ContactInput input, bool creating, DateOnly today, ValidationErrors errors)
    {
        if (input.Name.IsSet || creating)
        {
            contact.Name = Text.Required(input.Name.Value, ContactRules.NameMax, "name", "Label_ContactName", errors);
        }

        if (input.Position.IsSet)
        {
            contact.Position = Text.Optional(input.Position.Value, ContactRules.PositionMax, "position", "Label_Position", errors);
        }

        if (input.Department.IsSet)
        {
            contact.Department = Text.Optional(input.Department.Value, ContactRules.DepartmentMax, "department", "Label_Department", errors);
        }

        if (input.Mobile.IsSet)
        {
            contact.Mobile = ContactRules.Mobile(input.Mobile.Value, errors);
        }

        if (input.Phone.IsSet)
        {
            contact.Phone = ContactRules.Phone(input.Phone.Value, errors);
        }

        if (input.Email.IsSet)
        {
            contact.Email = ContactRules.Email(input.Email.Value, errors);
        }

        if (input.Wechat.IsSet)
        {
            contact.Wechat = Text.Optional(input.Wechat.Value, ContactRules.WechatMax, "wechat", "Label_Wechat", errors);
        }

        if (input.Birthday.IsSet)
        {
            contact.Birthday = Ranges.NotInFuture(input.Birthday.Value, today, "birthday", "Label_Birthday", errors);
            contact.BirthdayMonthDay = contact.Birthday is { } birthday ? Birthdays.MonthDay(birthday) : null;
        }

        if (input.Hobbies.IsSet)
        {
            contact.Hobbies = Text.Optional(input.Hobbies.Value, ContactRules.HobbiesMax, "hobbies", "Label_Hobbies", errors);
        }

        if (input.Notes.IsSet)
        {
            contact.Notes = Text.Optional(input.Notes.Value, ContactRules.NotesMax, "notes", "Label_Notes", errors);
        }

        if (input.IsPrimary.IsSet)
        {
            contact.IsPrimary = input.IsPrimary.Value ?? false;
        }
    }
}
