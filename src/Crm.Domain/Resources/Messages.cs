using System.Globalization;
using System.Resources;
using System.Runtime.CompilerServices;

namespace Crm.Domain.Resources;

/// <summary>
/// User-facing messages. Chinese is the neutral culture; English lives in Messages.en.resx.
/// Properties are looked up by name, so a missing resource shows up in the resource test.
/// </summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("Crm.Domain.Resources.Messages", typeof(Messages).Assembly);

    public static string Get(string key) =>
        Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Format(string key, params object[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(key), args);

    private static string Text([CallerMemberName] string key = "") => Get(key);

    public static string InvalidJson => Text();
    public static string BodyMustBeObject => Text();
    public static string ValidationFailed => Text();
    public static string WebsiteInvalid => Text();
    public static string CodeFormatInvalid => Text();
    public static string CodeExists => Text();
    public static string CodeImmutable => Text();
    public static string LevelIsComputed => Text();
    public static string NameConflict => Text();
    public static string CustomerNotFound => Text();
    public static string ListViewNotFound => Text();
    public static string ListViewNameExists => Text();
    public static string VersionConflict => Text();
    public static string VersionInvalid => Text();
    public static string OwnerMustBeSelf => Text();
    public static string OwnerInvalid => Text();
    public static string Unauthorized => Text();
    public static string LoginFailed => Text();
    public static string LoginInputRequired => Text();
    public static string Forbidden => Text();
    public static string AuditRangeInvalid => Text();
    public static string NotFound => Text();
    public static string MethodNotAllowed => Text();
    public static string UserNotFound => Text();
    public static string UsernameExists => Text();
    public static string UsernameInvalid => Text();
    public static string PasswordTooShort => Text();
    public static string CurrentPasswordWrong => Text();
    public static string PasswordUnchanged => Text();
    public static string PasswordTooLong => Text();
    public static string CannotDeactivateSelf => Text();
    public static string CannotDemoteSelf => Text();
    public static string PageInvalid => Text();
    public static string PageSizeInvalid => Text();
    public static string InternalError => Text();
    public static string ServiceUnavailable => Text();
    public static string UnsupportedMediaType => Text();
    public static string MobileInvalid => Text();
    public static string PhoneInvalid => Text();
    public static string EmailInvalid => Text();
    public static string FollowUpInFuture => Text();
    public static string NextFollowUpNotAfter => Text();
    public static string TransferTargetInvalid => Text();
    public static string TransferTargetIsOwner => Text();
    public static string TransferNotFound => Text();
    public static string TransferNotPending => Text();
    public static string TransferCustomerGone => Text();
    public static string TransferCustomerMoved => Text();
    public static string TransferOnlyRequesterCancels => Text();
    public static string TransferCancelledByReassign => Text();
    public static string ReassignSourceRequired => Text();
    public static string ReassignSameUser => Text();
    public static string ReassignNeedsDeactivation => Text();

    public static string ContactNotFound => Text();
    public static string ContactNotOfCustomer => Text();
    public static string TagExists => Text();
    public static string TagNotFound => Text();
    public static string FollowUpNotFound => Text();
    public static string NotFollowUpAuthor => Text();
    public static string TagControlChars => Text();
    public static string BirthdayDaysInvalid => Text();
    public static string BodyMalformedText => Text();
    public static string LoginThrottled => Text();
    public static string IdempotencyKeyInvalid => Text();
    public static string IdempotencyKeyInUse => Text();
    public static string DuplicateName => Text();
    public static string DuplicateNameOthers => Text();
    public static string DuplicateNameRequired => Text();
    public static string ImportFileMissing => Text();
    public static string ImportNotSpreadsheet => Text();
    public static string ImportEncrypted => Text();
    public static string ImportCorrupt => Text();
    public static string ImportEmpty => Text();
    public static string ImportOnDuplicateInvalid => Text();
    public static string ImportDryRunInvalid => Text();
    public static string ImportNameTakenElsewhere => Text();
    public static string ImportNotFound => Text();
    public static string ImportFailedRolledBack => Text();
    public static string ImportInterrupted => Text();
    public static string ExportFormatInvalid => Text();
    public static string ImportCustomerRequired => Text();
    public static string ImportNotRevertible => Text();
    public static string ImportNoErrorWorkbook => Text();

    /// <summary>The text in Chinese whatever the request's language: file headers and labels inside an uploaded workbook.</summary>
    public static string Chinese(string key) => Resources.GetString(key, CultureInfo.InvariantCulture) ?? key;

    /// <summary>The English text, so that a file with English headers or labels is understood too.</summary>
    public static string English(string key) => Resources.GetString(key, CultureInfo.GetCultureInfo("en")) ?? key;
}
