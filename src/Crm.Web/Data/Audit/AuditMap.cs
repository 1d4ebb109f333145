namespace Crm.Web.Data.Audit;

/// <summary>
/// Which entities the audit trail records, as what, and how their fields read (decision 0019). The one table a new
/// feature extends: an entity listed here is audited on every create, update and delete that goes through
/// SaveChanges, with no code in its handlers. A field not named here is recorded under its snake_case name.
/// </summary>
public static class AuditMap
{
    private static readonly AuditedEntity[] Table =
    [
        AuditedEntity.For<Customer>(AuditEntityTypes.Customer, c => c.Id, c => c.Id)
            .Ignoring(nameof(Customer.CustomerCodeKey), nameof(Customer.NameKey), nameof(Customer.SearchText),
                nameof(Customer.LastFollowUpSort), nameof(Customer.AnnualRevenueSort), nameof(Customer.LastFollowUpAt), nameof(Customer.NextFollowUpAt), nameof(Customer.Version), nameof(Customer.UpdatedAt))
            .Money(nameof(Customer.CreditLimitFen), "credit_limit")
            .Money(nameof(Customer.AnnualRevenueFen), "annual_revenue"),
        AuditedEntity.For<Contact>(AuditEntityTypes.Contact, c => c.Id, c => c.CustomerId)
            .Ignoring(nameof(Contact.SearchText), nameof(Contact.BirthdayMonthDay), nameof(Contact.SalesOwnerId), nameof(Contact.UpdatedAt)),
        AuditedEntity.For<CustomerTag>(AuditEntityTypes.CustomerTag, t => t.Id, t => t.CustomerId)
            .Ignoring(nameof(CustomerTag.CustomerCreatedAt)),
        AuditedEntity.For<FollowUp>(AuditEntityTypes.FollowUp, f => f.Id, f => f.CustomerId)
            .Ignoring(nameof(FollowUp.CustomerNameSnapshot), nameof(FollowUp.CustomerCodeSnapshot), nameof(FollowUp.UpdatedAt)),
        AuditedEntity.For<User>(AuditEntityTypes.User, u => u.Id, _ => null)
            .Ignoring(nameof(User.NormalizedUsername), nameof(User.SecurityStamp), nameof(User.FailedLoginCount),
                nameof(User.LockoutEndUtc), nameof(User.UpdatedAt))
            .Redacted(nameof(User.PasswordHash), "password"),
    ];

    private static readonly Dictionary<Type, AuditedEntity> ByType = Table.ToDictionary(e => e.ClrType);

    public static AuditedEntity? Find(Type clrType) => ByType.GetValueOrDefault(clrType);

    /// <summary>Every entity type the trail can name, for the audit list's filter.</summary>
    public static IReadOnlyList<string> EntityTypes { get; } = [.. Table.Select(e => e.Name), AuditEntityTypes.Session, AuditEntityTypes.Backup, AuditEntityTypes.Import];
}

/// <summary>How one entity type is audited: its name in the trail, its id, the customer it belongs to, and its fields.</summary>
public sealed class AuditedEntity
{
    private readonly HashSet<string> _ignored = [];
    private readonly Dictionary<string, (string Field, AuditFieldKind Kind)> _fields = [];

    private AuditedEntity(Type clrType, string name, Func<object, long?> id, Func<object, long?> customerId)
    {
        ClrType = clrType;
        Name = name;
        IdOf = id;
        CustomerIdOf = customerId;
    }

    public Type ClrType { get; }

    public string Name { get; }

    public Func<object, long?> IdOf { get; }

    public Func<object, long?> CustomerIdOf { get; }

    public static AuditedEntity For<T>(string name, Func<T, long> id, Func<T, long?> customerId) =>
        new(typeof(T), name, e => id((T)e), e => customerId((T)e));

    /// <summary>Derived or bookkeeping fields (search text, sort keys, versions, timestamps) that are not changes a person made.</summary>
    public AuditedEntity Ignoring(params string[] properties)
    {
        _ignored.UnionWith(properties);
        return this;
    }

    /// <summary>Whole fen stored, yuan shown (as the API prints it).</summary>
    public AuditedEntity Money(string property, string field)
    {
        _fields[property] = (field, AuditFieldKind.Money);
        return this;
    }

    /// <summary>Secrets: the trail says the field changed, never the value.</summary>
    public AuditedEntity Redacted(string property, string field)
    {
        _fields[property] = (field, AuditFieldKind.Redacted);
        return this;
    }

    public bool IsIgnored(string property) => _ignored.Contains(property);

    public (string Field, AuditFieldKind Kind) FieldOf(string property) =>
        _fields.TryGetValue(property, out var field) ? field : (CrmDbContext.ToSnakeCase(property), AuditFieldKind.Plain);
}

public enum AuditFieldKind
{
    Plain,
    Money,
    Redacted,
}

/// <summary>The names entity types have in the trail (the audit list's entity= filter).</summary>
public static class AuditEntityTypes
{
    public const string Customer = "customer";
    public const string Contact = "contact";
    public const string CustomerTag = "customer_tag";
    public const string FollowUp = "follow_up";
    public const string User = "user";

    /// <summary>Sign-ins: the entity id is the user's when the name was known.</summary>
    public const string Session = "session";
    public const string Backup = "backup";

    /// <summary>An import or an export of a list (issue 10): the entity id is the import's.</summary>
    public const string Import = "import";
}

/// <summary>The actions of the trail. create/update/delete come from SaveChanges; the others are recorded by name.</summary>
public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string PasswordChangeFailed = "password_change_failed";
    public const string TransferRequested = "transfer_requested";
    public const string TransferApproved = "transfer_approved";
    public const string TransferRejected = "transfer_rejected";
    public const string TransferCancelled = "transfer_cancelled";
    public const string Reassigned = "reassigned";
    public const string TagRenamed = "tag_renamed";
    public const string BackupTaken = "backup_taken";
    public const string BackupFailed = "backup_failed";
    public const string BackupDownloaded = "backup_downloaded";
    public const string BackupDeleted = "backup_deleted";
    public const string Imported = "imported";
    public const string ImportReverted = "import_reverted";
    public const string Exported = "exported";

    public static IReadOnlyList<string> All { get; } =
    [
        Create, Update, Delete, SignIn, SignInFailed, PasswordChangeFailed, TransferRequested, TransferApproved, TransferRejected,
        TransferCancelled, Reassigned, TagRenamed, BackupTaken, BackupFailed, BackupDownloaded, BackupDeleted,
        Imported, ImportReverted, Exported,
    ];
}
