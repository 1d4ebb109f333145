using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data.Audit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Web.Data;

/// <summary>
/// The one model, shared by both engines. Each engine has its own derived context type only so that
/// it can own a separate migration set (Data/Migrations/Sqlite, Data/Migrations/Postgres).
/// </summary>
public abstract class CrmDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<CustomerCounter> CustomerCounters => Set<CustomerCounter>();
    public DbSet<TagCounter> TagCounters => Set<TagCounter>();
    public DbSet<TransferRequest> TransferRequests => Set<TransferRequest>();
    public DbSet<CodeSequence> CodeSequences => Set<CodeSequence>();
    public DbSet<AppSecret> AppSecrets => Set<AppSecret>();
    public DbSet<UiSession> UiSessions => Set<UiSession>();

    /// <summary>The Data Protection key ring shared by every instance (Infrastructure/Auth/SharedKeys).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<BackupRun> BackupRuns => Set<BackupRun>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ListView> ListViews => Set<ListView>();
    public DbSet<ListColumnSetting> ListColumnSettings => Set<ListColumnSetting>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataImport> DataImports => Set<DataImport>();
    public DbSet<DataImportFile> DataImportFiles => Set<DataImportFile>();
    public DbSet<DataImportRecord> DataImportRecords => Set<DataImportRecord>();

    /// <summary>Whom this context's saves are recorded for (decision 0019); a save of audited changes without one fails.</summary>
    public AuditActor? AuditActor { get; private set; }

    /// <summary>The clock and time zone the audit trail stamps and prints with (set by the context factory).</summary>
    public TimeProvider AuditClock { get; private set; } = TimeProvider.System;

    public BusinessTime AuditTime { get; private set; } = BusinessTime.For(null);

    /// <summary>Records this context's changes as done by <paramref name="actor"/>.</summary>
    public CrmDbContext AuditAs(AuditActor actor)
    {
        AuditActor = actor;
        return this;
    }

    /// <summary>A pooled context comes back clean: no actor from its previous use.</summary>
    internal void PrepareAudit(TimeProvider clock, BusinessTime time)
    {
        AuditActor = null;
        AuditClock = clock;
        AuditTime = time;
    }

    /// <summary>
    /// Every save records its audited changes (AuditMap) in the same transaction: a save that fails or rolls back
    /// leaves no entry, and no change commits without its entry. New rows get their ids from the first save, so the
    /// entries follow in a second one inside a transaction this method opens when the caller has none.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pending = AuditWriter.Capture(this, AuditTime);
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var actor = AuditActor ?? throw AuditWriter.MissingActor();
        var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var savepoints = Database.AutoSavepointsEnabled;
        if (owned is not null)
        {
            // The whole transaction is ours to roll back; a savepoint around each save would only cost round trips.
            Database.AutoSavepointsEnabled = false;
        }

        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(AuditWriter.Complete(pending, actor, AuditClock.GetUtcNow().UtcDateTime));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (owned is not null)
            {
                Database.AutoSavepointsEnabled = savepoints;
                await owned.DisposeAsync();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>By type: EF's provider name reads the assembly's name on every call, and this is asked on every request.</summary>
    public bool IsPostgres => this is PostgresCrmDbContext;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back as Unspecified; everything stored is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<UserRole>().HaveConversion<EnumTextConverter<UserRole>>().HaveMaxLength(16);
        configurationBuilder.Properties<CustomerType>().HaveConversion<EnumTextConverter<CustomerType>>().HaveMaxLength(16);
        configurationBuilder.Properties<CustomerStatus>().HaveConversion<EnumTextConverter<CustomerStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<TransferStatus>().HaveConversion<EnumTextConverter<TransferStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<CustomerLevel>().HaveConversion<EnumTextConverter<CustomerLevel>>().HaveMaxLength(1);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var pg = IsPostgres;
        var trueLiteral = pg ? "true" : "1";

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.Username).HasMaxLength(50);
            e.Property(u => u.NormalizedUsername).HasMaxLength(50);
            e.Property(u => u.DisplayName).HasMaxLength(UserRules.DisplayNameMax);
            e.Property(u => u.SecurityStamp).HasMaxLength(64);
            e.HasIndex(u => u.NormalizedUsername).IsUnique();
        });

        modelBuilder.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.Property(c => c.CustomerCode).HasMaxLength(40);
            e.Property(c => c.CustomerCodeKey).HasMaxLength(40);
            e.Property(c => c.Name).HasMaxLength(CustomerRules.NameMax * 2);
            e.Property(c => c.ShortName).HasMaxLength(CustomerRules.ShortNameMax * 2);
            e.Property(c => c.Industry).HasMaxLength(CustomerRules.IndustryMax * 2);
            e.Property(c => c.Scale).HasMaxLength(CustomerRules.ScaleMax * 2);
            e.Property(c => c.Address).HasMaxLength(CustomerRules.AddressMax * 2);
            e.Property(c => c.Website).HasMaxLength(CustomerRules.WebsiteMax * 2);
            e.Property(c => c.PaymentTerms).HasMaxLength(CustomerRules.PaymentTermsMax * 2);
            e.Property(c => c.CustomerSource).HasMaxLength(CustomerRules.SourceMax * 2);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Property(c => c.LastFollowUpSort).HasComputedColumnSql(
                pg ? "coalesce(last_follow_up_at, TIMESTAMPTZ '0001-01-01 00:00:00+00')" : "coalesce(last_follow_up_at, '0001-01-01 00:00:00')",
                stored: true);
            e.Property(c => c.AnnualRevenueSort).HasComputedColumnSql("coalesce(annual_revenue_fen, -1)", stored: true);
            e.HasOne(c => c.SalesOwner).WithMany().HasForeignKey(c => c.SalesOwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.Restrict);

            e.HasIndex(c => c.CustomerCodeKey).IsUnique();
            e.HasIndex(c => new { c.CreatedAt, c.Id });
            e.HasIndex(c => new { c.UpdatedAt, c.Id });
            e.HasIndex(c => new { c.Name, c.Id });
            e.HasIndex(c => new { c.CustomerCode, c.Id });
            e.HasIndex(c => new { c.LastFollowUpSort, c.Id });
            e.HasIndex(c => new { c.AnnualRevenueSort, c.Id });
            e.HasIndex(c => new { c.SalesOwnerId, c.CreatedAt, c.Id });
            e.HasIndex(c => new { c.SalesOwnerId, c.LastFollowUpSort, c.Id });
            e.HasIndex(c => new { c.CustomerLevel, c.CreatedAt });
            e.HasIndex(c => new { c.Status, c.CreatedAt });
            e.HasIndex(c => new { c.Industry, c.CreatedAt });
            e.HasIndex(c => c.CreatedById);

            // The 工作台 (decision 0052): due and overdue follow-ups, and customers never followed up by age.
            e.HasIndex(c => new { c.SalesOwnerId, c.NextFollowUpAt, c.Id });
            e.HasIndex(c => new { c.NextFollowUpAt, c.Id });
            e.HasIndex(c => new { c.SalesOwnerId, c.CreatedAt, c.Id }, "ix_customers_never_followed_up_by_owner").HasFilter("last_follow_up_at IS NULL");
            e.HasIndex(c => new { c.CreatedAt, c.Id }, "ix_customers_never_followed_up").HasFilter("last_follow_up_at IS NULL");

            // Lets the start-up backfill (SearchBackfill) find rows without search text without reading every row.
            e.HasIndex(c => c.Id, "ix_customers_without_search_text").HasFilter("search_text = ''");

            // The duplicate-name warning looks names up by their key; the backfill finds rows written before it.
            e.Property(c => c.NameKey).HasMaxLength(CustomerName.KeyMax);
            e.HasIndex(c => c.NameKey);
        });

        modelBuilder.Entity<Contact>(e =>
        {
            e.ToTable("contacts");
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Position).HasMaxLength(100);
            e.Property(c => c.Department).HasMaxLength(100);
            e.Property(c => c.Mobile).HasMaxLength(20);
            e.Property(c => c.Phone).HasMaxLength(40);
            e.Property(c => c.Email).HasMaxLength(200);
            e.Property(c => c.Wechat).HasMaxLength(100);
            e.Property(c => c.Hobbies).HasMaxLength(400);
            e.Property(c => c.Notes).HasMaxLength(4000);
            e.HasOne(c => c.Customer).WithMany(c => c.Contacts).HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.CustomerId, c.IsPrimary, c.CreatedAt });

            // The 联系人 page lists everyone's contacts newest first (SearchContacts): without it an admin's first page
            // sorted every contact (~0.5 s at 300,000).
            e.HasIndex(c => new { c.CreatedAt, c.Id });

            // At most one primary contact per customer, guaranteed by the database.
            e.HasIndex(c => c.CustomerId, "ix_contacts_one_primary_per_customer")
                .IsUnique()
                .HasFilter($"is_primary = {trueLiteral}");
            e.HasIndex(c => c.Mobile);
            e.HasIndex(c => c.Email);
            e.HasIndex(c => c.Name);
            // An admin's birthdays of the week: each month-day range read in order, ten entries a page.
            e.HasIndex(c => new { c.BirthdayMonthDay, c.Id });

            // Kept by triggers (migration ContactSalesOwner); the app never writes it.
            e.Property(c => c.SalesOwnerId).HasDefaultValue(0L).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);

            // A salesperson's birthdays of the week (工作台): one range of this index, in order (decision 0052).
            e.HasIndex(c => new { c.SalesOwnerId, c.BirthdayMonthDay, c.Id });
            e.HasIndex(c => c.Id, "ix_contacts_without_search_text").HasFilter("search_text = ''");
        });

        modelBuilder.Entity<CustomerTag>(e =>
        {
            e.ToTable("customer_tags");
            e.Property(t => t.TagName).HasMaxLength(40);
            e.HasOne(t => t.Customer).WithMany(c => c.Tags).HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.CustomerId, t.TagName }).IsUnique();

            // Kept by triggers (migration TagSortKey), never updated by the app. A tag's holders in the list's default
            // order, and their count, are one range of this index (decision 0078).
            e.Property(t => t.CustomerCreatedAt).HasDefaultValueSql(pg ? "'-infinity'" : "'0001-01-01 00:00:00'")
                .Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            e.HasIndex(t => new { t.TagName, t.CustomerCreatedAt, t.CustomerId });
        });

        modelBuilder.Entity<FollowUp>(e =>
        {
            e.ToTable("follow_ups");
            e.Property(f => f.CustomerNameSnapshot).HasMaxLength(CustomerRules.NameMax * 2);
            e.Property(f => f.CustomerCodeSnapshot).HasMaxLength(40);
            e.Property(f => f.Method).HasMaxLength(16);
            e.Property(f => f.Content).HasMaxLength(4000);
            e.HasOne(f => f.Customer).WithMany().HasForeignKey(f => f.CustomerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(f => f.Contact).WithMany().HasForeignKey(f => f.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<User>().WithMany().HasForeignKey(f => f.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(f => new { f.CustomerId, f.FollowUpAt });
            e.HasIndex(f => f.ContactId);
            e.HasIndex(f => f.CreatedById);
        });

        modelBuilder.Entity<TransferRequest>(e =>
        {
            e.ToTable("transfer_requests");
            e.Property(t => t.CustomerNameSnapshot).HasMaxLength(CustomerRules.NameMax * 2);
            e.Property(t => t.CustomerCodeSnapshot).HasMaxLength(40);
            e.Property(t => t.Reason).HasMaxLength(TransferRules.ReasonMax * 2);
            e.Property(t => t.Comment).HasMaxLength(TransferRules.CommentMax * 2);
            e.HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.FromUserId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.ToUserId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.RequestedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.DecidedById).OnDelete(DeleteBehavior.Restrict);

            // At most one pending request per customer, guaranteed by the database; the code check gives the message.
            e.HasIndex(t => t.CustomerId, "ix_transfer_requests_one_pending_per_customer")
                .IsUnique()
                .HasFilter("status = 'pending'");
            e.HasIndex(t => new { t.Status, t.RequestedAt, t.Id });
            e.HasIndex(t => new { t.RequestedById, t.RequestedAt });
            e.HasIndex(t => new { t.CustomerId, t.RequestedAt });
            e.HasIndex(t => t.FromUserId);
            e.HasIndex(t => t.ToUserId);
            e.HasIndex(t => t.DecidedById);
        });

        modelBuilder.Entity<CustomerCounter>(e =>
        {
            // Written only by the triggers of the CustomerCounters migrations (and folded by CounterShardFold); the app reads it.
            e.ToTable("customer_counters");
            e.HasKey(c => new { c.SalesOwnerId, c.StatusKey, c.CustomerLevel, c.Shard });
            e.Property(c => c.StatusKey).HasMaxLength(16);
        });

        modelBuilder.Entity<TagCounter>(e =>
        {
            // Written only by the triggers of the TagCounters migrations (and folded by CounterShardFold); the app reads it.
            e.ToTable("tag_counters");
            e.HasKey(c => new { c.TagName, c.Slot });
            e.Property(c => c.TagName).HasMaxLength(40);
        });

        modelBuilder.Entity<CodeSequence>(e =>
        {
            e.ToTable("code_sequences");
            e.HasKey(s => s.Day);
            e.Property(s => s.Day).HasMaxLength(8);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            // Append-only: the AuditTrail migrations add triggers that refuse UPDATE and DELETE.
            e.ToTable("audit_entries");
            e.Property(a => a.ActorName).HasMaxLength(100);
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.EntityType).HasMaxLength(40);
            e.Property(a => a.Ip).HasMaxLength(64);
            e.HasIndex(a => new { a.CustomerId, a.At, a.Id });
            e.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
            e.HasIndex(a => new { a.ActorId, a.At });
            e.HasIndex(a => new { a.Action, a.At });
            e.HasIndex(a => new { a.At, a.Id });
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.Property(r => r.Scope).HasMaxLength(32);
            e.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMax);
            e.HasIndex(r => new { r.UserId, r.Scope, r.Key }).IsUnique();
            e.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.Entity<DataImport>(e =>
        {
            e.ToTable("data_imports");
            e.Property(i => i.Kind).HasMaxLength(16);
            e.Property(i => i.FileName).HasMaxLength(255);
            e.Property(i => i.OnDuplicate).HasMaxLength(8);
            e.Property(i => i.Status).HasMaxLength(16);
            e.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(i => new { i.CreatedById, i.CreatedAt });
            e.HasIndex(i => i.CreatedAt);
        });

        modelBuilder.Entity<DataImportFile>(e =>
        {
            e.ToTable("data_import_files");
            e.HasKey(f => f.ImportId);
            e.HasOne<DataImport>().WithOne().HasForeignKey<DataImportFile>(f => f.ImportId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DataImportRecord>(e =>
        {
            // No foreign key to the record: a customer deleted after the import simply has nothing left to undo.
            e.ToTable("data_import_records");
            e.HasOne<DataImport>().WithMany().HasForeignKey(r => r.ImportId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.ImportId, r.EntityId });
        });

        modelBuilder.Entity<AppSecret>(e =>
        {
            e.ToTable("app_secrets");
            e.HasKey(s => s.Name);
            e.Property(s => s.Name).HasMaxLength(64);
            e.Property(s => s.Value).HasMaxLength(512);
        });

        modelBuilder.Entity<UiSession>(e =>
        {
            e.ToTable("ui_sessions");
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.SecurityStamp).HasMaxLength(64);
            e.HasIndex(s => s.ExpiresAt);
            e.HasIndex(s => s.UserId);
        });

        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));

        modelBuilder.Entity<ListView>(e =>
        {
            e.ToTable("list_views");
            e.Property(v => v.List).HasMaxLength(32);
            e.Property(v => v.Name).HasMaxLength(ListView.NameMax * 2);
            e.Property(v => v.Query).HasMaxLength(ListView.QueryMax * 2);
            e.Property(v => v.Columns).HasMaxLength(1000);
            e.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(v => new { v.UserId, v.List, v.Name }).IsUnique();
        });

        modelBuilder.Entity<ListColumnSetting>(e =>
        {
            e.ToTable("list_column_settings");
            e.Property(v => v.List).HasMaxLength(32);
            e.Property(v => v.Columns).HasMaxLength(1000);
            e.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(v => new { v.UserId, v.List }).IsUnique();
        });

        modelBuilder.Entity<BackupRun>(e =>
        {
            e.ToTable("backup_runs");
            e.Property(r => r.Kind).HasMaxLength(20);
            e.Property(r => r.FileName).HasMaxLength(100);
            e.Property(r => r.Error).HasMaxLength(2000);
            e.Property(r => r.Instance).HasMaxLength(200);
            e.HasIndex(r => r.ScheduledFor).IsUnique();
            e.HasIndex(r => r.StartedAt);
        });

        modelBuilder.HasDbFunction(new Func<int, int>(SqlLiteral.Of).Method).HasTranslation(args => args[0]);

        if (pg)
        {
            modelBuilder.HasDbFunction(typeof(Search.CrmFunctions).GetMethod(nameof(Search.CrmFunctions.SearchMatch))!)
                .HasName("crm_search_match");
        }

        ApplySnakeCaseNames(modelBuilder);
    }

    /// <summary>snake_case columns, keys and indexes, so hand-written SQL (sequences, benchmarks) reads naturally.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName($"pk_{table}");
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName($"fk_{table}_{string.Join("_", fk.Properties.Select(p => ToSnakeCase(p.Name)))}");
            }

            foreach (var index in entity.GetIndexes())
            {
                if (index.Name is null)
                {
                    index.SetDatabaseName($"ix_{table}_{string.Join("_", index.Properties.Select(p => ToSnakeCase(p.Name)))}");
                }
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (char.IsUpper(ch))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class EnumTextConverter<T>() : ValueConverter<T, string>(
        v => EnumText<T>.Name(v),
        v => Parse(v))
        where T : struct, Enum
    {
        private static T Parse(string value) =>
            EnumText<T>.TryParse(value, out var parsed) ? parsed : throw new InvalidOperationException($"Unknown {typeof(T).Name} '{value}' in the database.");
    }
}

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options) : CrmDbContext(options);

public sealed class PostgresCrmDbContext(DbContextOptions<PostgresCrmDbContext> options) : CrmDbContext(options);
