using Crm.Domain.Customers;
using Crm.Domain.Transfers;
using Crm.Domain.Users;

namespace Crm.Web.Data;

// Persistence shapes. Timestamps are UTC DateTime (sortable on every engine); money is whole fen (分).

public sealed class User
{
    public long Id { get; set; }
    public required string Username { get; set; }
    public required string NormalizedUsername { get; set; }
    public required string DisplayName { get; set; }
    public UserRole Role { get; set; }
    public bool IsActive { get; set; } = true;
    public required string PasswordHash { get; set; }

    /// <summary>Changes when the password, role or active flag changes, which invalidates issued tokens.</summary>
    public required string SecurityStamp { get; set; }

    public int FailedLoginCount { get; set; }
    public DateTime? LockoutEndUtc { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class Customer : Search.ITrigramSearchable
{
    public long Id { get; set; }
    public required string CustomerCode { get; set; }

    /// <summary>Upper-cased code: the unique key, so codes are unique case-insensitively on every engine.</summary>
    public required string CustomerCodeKey { get; set; }

    public required string Name { get; set; }

    /// <summary>The name as the duplicate warning compares it (CustomerName.DuplicateKey): kept in step with the name on every save.</summary>
    public string NameKey { get; set; } = string.Empty;

    public string? ShortName { get; set; }
    public CustomerType CustomerType { get; set; }
    public string? Industry { get; set; }
    public string? Scale { get; set; }
    public string? Address { get; set; }
    public string? Website { get; set; }
    public DateOnly? EstablishedDate { get; set; }
    public CustomerLevel CustomerLevel { get; set; }
    public long? CreditLimitFen { get; set; }
    public string? PaymentTerms { get; set; }
    public int? AccountPeriod { get; set; }
    public string? CustomerSource { get; set; }
    public long SalesOwnerId { get; set; }
    public User? SalesOwner { get; set; }
    public CustomerStatus? Status { get; set; }
    public long? AnnualRevenueFen { get; set; }
    public int? CooperationYears { get; set; }
    public DateTime? LastFollowUpAt { get; set; }

    /// <summary>
    /// 下次跟进时间: the next_follow_up_at of the latest follow-up record (by follow_up_at, then id), null when that record
    /// plans none. Kept with <see cref="LastFollowUpAt"/> in the same statement, so the 工作台 reads it from an index.
    /// </summary>
    public DateTime? NextFollowUpAt { get; set; }

    /// <summary>What keyword search matches (see SearchText): kept in step with name, short name and code on every save.</summary>
    public string SearchText { get; set; } = string.Empty;

    /// <summary>Database-computed sort keys: a missing value sorts as the smallest on every engine.</summary>
    public DateTime LastFollowUpSort { get; private set; }

    public long AnnualRevenueSort { get; private set; }

    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: bumped by every update of the record itself.</summary>
    public int Version { get; set; }

    public List<Contact> Contacts { get; set; } = [];
    public List<CustomerTag> Tags { get; set; } = [];
}

public sealed class Contact : Search.ITrigramSearchable
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public Customer? Customer { get; set; }

    /// <summary>
    /// The customer's salesperson, copied onto the contact by database triggers (contact insert or move, any change of
    /// customers.sales_owner_id) so that no writer can forget it; never written by the app (decision 0052).
    /// </summary>
    public long SalesOwnerId { get; set; }

    public required string Name { get; set; }
    public string? Position { get; set; }
    public string? Department { get; set; }
    public string? Mobile { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Wechat { get; set; }
    public DateOnly? Birthday { get; set; }

    /// <summary>Month * 100 + day of the birthday, for year-independent birthday queries.</summary>
    public int? BirthdayMonthDay { get; set; }

    public string? Hobbies { get; set; }
    public string? Notes { get; set; }
    public bool IsPrimary { get; set; }

    /// <summary>Name, mobile and e-mail as keyword search matches them (see SearchText).</summary>
    public string SearchText { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class CustomerTag
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public required string TagName { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The customer's creation time, the list's default sort key, copied onto the tag row by database triggers (tag
    /// insert or move, any change of customers.created_at) so that no writer can forget it. An import gives the value it
    /// knows; nothing else in the app writes it. A tag's customers in list order are one range of the tag index (decision 0078).
    /// </summary>
    public DateTime CustomerCreatedAt { get; set; }
}

public sealed class FollowUp
{
    public long Id { get; set; }

    /// <summary>Null once the customer is deleted; the snapshot keeps the history readable.</summary>
    public long? CustomerId { get; set; }

    public Customer? Customer { get; set; }
    public required string CustomerNameSnapshot { get; set; }
    public required string CustomerCodeSnapshot { get; set; }
    public long? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public DateTime FollowUpAt { get; set; }
    public required string Method { get; set; }
    public required string Content { get; set; }
    public DateTime? NextFollowUpAt { get; set; }
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A salesperson's request to hand a customer to someone else (SPEC §3.7); it takes effect when an admin approves.
/// Name and code are kept so that the queue still reads after the customer is deleted (customer_id becomes null).
/// </summary>
public sealed class TransferRequest
{
    public long Id { get; set; }
    public long? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public required string CustomerNameSnapshot { get; set; }
    public required string CustomerCodeSnapshot { get; set; }
    public long FromUserId { get; set; }
    public long ToUserId { get; set; }
    public string? Reason { get; set; }
    public TransferStatus Status { get; set; }
    public long RequestedById { get; set; }
    public DateTime RequestedAt { get; set; }
    public long? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? Comment { get; set; }
}

/// <summary>
/// How many customers carry a tag, kept by database triggers on customer_tags (decision 0083), so that the admin's
/// tag catalogue and a tag list's total read a few rows instead of counting the tag's rows. Readers sum a tag's rows.
/// </summary>
public sealed class TagCounter
{
    public required string TagName { get; set; }

    /// <summary>
    /// 0 for a tag's running total. On PostgreSQL each writing statement adds its own row (a number from a sequence)
    /// instead of updating the total, so writers never wait for one another or deadlock; <c>CounterShardFold</c> adds
    /// them into slot 0 every minute. SQLite (one writer at a time) updates slot 0 only.
    /// </summary>
    public long Slot { get; set; }

    public long Customers { get; set; }
}

/// <summary>
/// Running totals of the customers of one owner, status and grade, kept by database triggers on customers
/// (decision 0016), so that stats and unfiltered list totals read a few rows instead of scanning customers.
/// </summary>
public sealed class CustomerCounter
{
    public long SalesOwnerId { get; set; }

    /// <summary>The stored status text, or '' for a customer without a status (a key column cannot be null).</summary>
    public required string StatusKey { get; set; }

    public CustomerLevel CustomerLevel { get; set; }

    /// <summary>
    /// One of several rows of the same owner, status and grade (decision 0016): on PostgreSQL each transaction adds
    /// to one of <see cref="Shards"/> rows, so concurrent writers of one owner do not queue on a single row; SQLite
    /// (one writer at a time) always uses 0. Readers sum over all shards; <c>CounterShardFold</c> moves the others back into
    /// shard 0 every minute, so readers find about one row per key (decision 0070).
    /// </summary>
    public short Shard { get; set; }

    public const int Shards = 8;

    public long Customers { get; set; }

    /// <summary>Sum of annual revenues in fen, a missing revenue counting as 0.</summary>
    public long AnnualRevenueFen { get; set; }

    public long CooperationYearsSum { get; set; }

    /// <summary>How many of the customers have cooperation years at all (the divisor of the average).</summary>
    public long CooperationYearsCount { get; set; }
}

/// <summary>The daily customer code sequence lives in the database so that every app instance shares it.</summary>
public sealed class CodeSequence
{
    public required string Day { get; set; }
    public long LastValue { get; set; }
}

/// <summary>Secrets the app instances must share, such as the token signing key.</summary>
public sealed class AppSecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}

/// <summary>
/// One backup attempt, kept for the admin page (verified, last failure) and, for a scheduled backup, the claim on its
/// occurrence: the unique <see cref="ScheduledFor"/> lets only one of several app instances take it.
/// </summary>
public sealed class BackupRun
{
    public long Id { get; set; }

    /// <summary>scheduled, manual, pre-migration, pre-restore or command-line.</summary>
    public required string Kind { get; set; }

    /// <summary>The schedule occurrence (UTC) this run claimed; null for every other kind.</summary>
    public DateTime? ScheduledFor { get; set; }

    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The verified file's name in the backup directory; null until verified.</summary>
    public string? FileName { get; set; }
    public long? SizeBytes { get; set; }
    public string? Error { get; set; }
    public required string Instance { get; set; }
}

/// <summary>
/// One line of the audit trail (SPEC §3.9, decision 0019): who did what to which record, when, and what changed.
/// Append-only: written in the transaction of the change it describes (see <see cref="Audit.AuditWriter"/>); the
/// database refuses UPDATE and DELETE on the table (triggers of the AuditTrail migrations).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Null for what nobody signed in did: a failed sign-in, the first administrator's seeding.</summary>
    public long? ActorId { get; set; }

    /// <summary>The user name a sign-in attempt gave (the actor of other entries is read from users).</summary>
    public string? ActorName { get; set; }

    public DateTime At { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public long? EntityId { get; set; }

    /// <summary>The customer the record belongs to, kept after the customer is deleted.</summary>
    public long? CustomerId { get; set; }

    /// <summary>JSON: {"field": {"old": …, "new": …}} in API form (snake_case names, money in yuan, times with offset).</summary>
    public string? Changes { get; set; }

    /// <summary>JSON: the record's last field values, for deletes.</summary>
    public string? Snapshot { get; set; }

    /// <summary>The client address of a sign-in.</summary>
    public string? Ip { get; set; }
}

/// <summary>
/// A create that carried an <c>Idempotency-Key</c>: the first request with a key (per user and kind of record) stores
/// the id it created; a repeat within the retention period gets that record instead of a second one.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMax = 100;

    public long Id { get; set; }
    public long UserId { get; set; }

    /// <summary>What was created, e.g. <c>customer</c>: one key may be reused for another kind of record.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>The created record's id; 0 while the first request is still running (the key is claimed).</summary>
    public long ResultId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One upload to the import (issue 10): a dry run, a refused import or an applied one, for the history page, the error
/// workbook (the uploaded file is kept in <see cref="DataImportFile"/> while it has errors) and the undo.
/// </summary>
public sealed class DataImport
{
    public long Id { get; set; }

    /// <summary>customers or contacts.</summary>
    public required string Kind { get; set; }

    public required string FileName { get; set; }
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool DryRun { get; set; }

    /// <summary>skip, update or fail.</summary>
    public required string OnDuplicate { get; set; }

    /// <summary>checked (a clean dry run), failed (errors, nothing written), imported, reverted.</summary>
    public required string Status { get; set; }

    public int TotalRows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int ErrorCount { get; set; }
    public DateTime? RevertedAt { get; set; }
    public long? RevertedById { get; set; }
}

/// <summary>The uploaded file of an import that had errors: the error workbook is made from the user's own rows.</summary>
public sealed class DataImportFile
{
    public long ImportId { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>
/// What an applied import did to one record, so that it can be undone: a created record, or an updated one with the
/// previous values of the fields the import changed. <see cref="VersionAfter"/> tells whether anyone changed it since.
/// </summary>
public sealed class DataImportRecord
{
    public long Id { get; set; }
    public long ImportId { get; set; }
    public long EntityId { get; set; }
    public bool Created { get; set; }
    public int VersionAfter { get; set; }

    /// <summary>JSON {property: previous value} of an update; null for a created record.</summary>
    public string? Previous { get; set; }
}

/// <summary>
/// A saved view of a list (我的视图): its filters and sort as the list's URL query string, and optionally its columns.
/// Personal: only its owner lists, opens, changes or deletes it.
/// </summary>
public sealed class ListView
{
    public const int NameMax = 50;
    public const int QueryMax = 2000;

    public long Id { get; set; }
    public long UserId { get; set; }

    /// <summary>Which list the view belongs to, e.g. <c>customers</c>.</summary>
    public required string List { get; set; }

    public required string Name { get; set; }

    /// <summary>The list's URL query string without the page ("" for no filter and the default sort).</summary>
    public required string Query { get; set; }

    /// <summary>Column keys in display order, comma-separated; null when the view keeps the user's columns.</summary>
    public string? Columns { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A user's columns of a list (shown ones, in display order), so the layout follows them across browsers.</summary>
public sealed class ListColumnSetting
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string List { get; set; }

    /// <summary>Column keys in display order, comma-separated.</summary>
    public required string Columns { get; set; }

    public DateTime UpdatedAt { get; set; }
}
