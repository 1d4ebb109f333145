using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Crm.Web.Data.Audit;

/// <summary>Who the entries of one context's saves are recorded for: a user, or the system (seeding) with a name.</summary>
public sealed record AuditActor(long? UserId, string? Name = null)
{
    public static readonly AuditActor System = new(null, "system");
}

/// <summary>
/// The one place that writes the audit trail (decision 0019). <see cref="CrmDbContext"/>'s save path calls
/// <see cref="Capture"/> before it saves and <see cref="Complete"/> after, and stores the entries in the same
/// transaction. Named actions (<see cref="RecordAction"/>) and bulk statements (<see cref="RecordStatementAsync"/>)
/// are the two explicit ways in, for what is not an entity change seen by SaveChanges.
/// </summary>
public static class AuditWriter
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>A change seen before the save; ids of new rows are read after it.</summary>
    public sealed record Pending(EntityEntry Entry, AuditedEntity Rule, string Action, JsonObject? Changes, JsonObject? Snapshot);

    /// <summary>The audited changes the context is about to save: per field old and new value, in API form.</summary>
    public static List<Pending> Capture(CrmDbContext db, BusinessTime time)
    {
        var pending = new List<Pending>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || AuditMap.Find(entry.Metadata.ClrType) is not { } rule)
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add(new Pending(entry, rule, AuditActions.Create, Fields(entry, rule, time, onlyChanged: false, creating: true), null));
                    break;
                case EntityState.Modified:
                    var changes = Fields(entry, rule, time, onlyChanged: true, creating: false);
                    if (changes.Count > 0)
                    {
                        pending.Add(new Pending(entry, rule, AuditActions.Update, changes, null));
                    }

                    break;
                default:
                    pending.Add(new Pending(entry, rule, AuditActions.Delete, null, Snapshot(entry, rule, time)));
                    break;
            }
        }

        return pending;
    }

    /// <summary>The entries for what was just saved (new rows have their ids now).</summary>
    public static IEnumerable<AuditEntry> Complete(IEnumerable<Pending> pending, AuditActor actor, DateTime nowUtc) =>
        pending.Select(p => new AuditEntry
        {
            ActorId = actor.UserId,
            ActorName = actor.UserId is null ? actor.Name : null,
            At = nowUtc,
            Action = p.Action,
            EntityType = p.Rule.Name,
            EntityId = p.Rule.IdOf(p.Entry.Entity),
            CustomerId = p.Rule.CustomerIdOf(p.Entry.Entity),
            Changes = p.Changes?.ToJsonString(Json),
            Snapshot = p.Snapshot?.ToJsonString(Json),
        });

    /// <summary>
    /// (a) A named action (sign-in, transfer decision, backup): added to the context, so the caller's next
    /// SaveChanges stores it with whatever else it saves, in one transaction. <paramref name="details"/> is stored as
    /// the entry's changes. The actor is the context's unless <paramref name="actor"/> says otherwise (a failed sign-in
    /// has none, only the user name it gave).
    /// </summary>
    public static AuditEntry RecordAction(
        this CrmDbContext db, string action, string entityType, long? entityId, long? customerId = null,
        JsonObject? details = null, AuditActor? actor = null, string? ip = null)
    {
        var by = actor ?? db.AuditActor ?? throw MissingActor();
        var entry = new AuditEntry
        {
            ActorId = by.UserId,
            ActorName = by.UserId is null ? by.Name : null,
            At = db.AuditClock.GetUtcNow().UtcDateTime,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            CustomerId = customerId,
            Changes = details?.ToJsonString(Json),
            Ip = ip,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// (b) One entry per row of a bulk statement (raw-SQL updates and deletes that SaveChanges never sees), in the
    /// caller's transaction: <c>INSERT INTO audit_entries … SELECT</c> over <paramref name="selectSql"/>, which must
    /// return the columns <c>entity_id</c> and <c>customer_id</c> and may use the parameter <c>@audit_changes</c>
    /// (<paramref name="changes"/> as JSON text) as a <c>changes</c> column, or build its own. Run it before a delete
    /// (while the rows still exist) or after an update (to see the new state). Returns the entries written.
    /// </summary>
    public static Task<int> RecordStatementAsync(
        this CrmDbContext db, string action, string entityType, string selectSql, JsonObject changes, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries of a bulk statement belong in the statement's transaction: begin one first.");
        }

        var actor = db.AuditActor ?? throw MissingActor();
        // PostgreSQL cannot infer the type of a parameter in a select list; SQLite needs no casts (and would mangle a time).
        var (bigint, text, instant) = db.IsPostgres ? ("::bigint", "::text", "::timestamptz") : ("", "", "");
        var sql = $"""
            INSERT INTO audit_entries (actor_id, actor_name, at, action, entity_type, entity_id, customer_id, changes)
            SELECT @audit_actor{bigint}, @audit_actor_name{text}, @audit_at{instant}, @audit_action{text}, @audit_entity_type{text},
                s.entity_id, s.customer_id, s.changes{text}
            FROM ({selectSql}) s
            """;
        (string, object)[] all =
        [
            ("@audit_actor", actor.UserId is { } id ? id : DBNull.Value),
            ("@audit_actor_name", actor.UserId is null && actor.Name is { } name ? name : DBNull.Value),
            ("@audit_at", db.AuditClock.GetUtcNow().UtcDateTime),
            ("@audit_action", action),
            ("@audit_entity_type", entityType),
            ("@audit_changes", changes.ToJsonString(Json)),
            .. parameters,
        ];
        return RawSql.ExecuteAsync(db, sql, ct, all);
    }

    /// <summary>
    /// (c) The <c>create</c> entries of rows a bulk insert wrote (<see cref="BulkInsert"/>, ids already set): the same
    /// fields SaveChanges records for a created entity, written through <see cref="RecordStatementAsync"/>, a few
    /// hundred entries per <c>INSERT … SELECT</c> over a VALUES list. Returns the entries written.
    /// </summary>
    public static async Task<int> RecordCreatedAsync<T>(this CrmDbContext db, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class
    {
        var rule = AuditMap.Find(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not audited.");
        var type = db.Model.FindEntityType(typeof(T))!;
        var bigint = db.IsPostgres ? "::bigint" : "";
        var written = 0;
        // PostgreSQL: few round trips. SQLite has none, but binds named parameters by a linear search of the statement's
        // names (a statement costs the square of its parameters), so smaller statements there.
        foreach (var chunk in entities.Chunk(db.IsPostgres ? 300 : 50))
        {
            var rows = new List<string>(chunk.Length);
            var parameters = new List<(string, object)>(chunk.Length * 3);
            for (var i = 0; i < chunk.Length; i++)
            {
                var entity = chunk[i];
                rows.Add($"(@e{i}{bigint}, @c{i}{bigint}, @j{i})");
                parameters.Add(($"@e{i}", (object?)rule.IdOf(entity) ?? DBNull.Value));
                parameters.Add(($"@c{i}", (object?)rule.CustomerIdOf(entity) ?? DBNull.Value));
                parameters.Add(($"@j{i}", Created(type, rule, db.AuditTime, p => p.GetGetter().GetClrValue(entity)).ToJsonString(Json)));
            }

            var select = $"SELECT v.column1 AS entity_id, v.column2 AS customer_id, v.column3 AS changes FROM (VALUES {string.Join(", ", rows)}) AS v";
            written += await db.RecordStatementAsync(AuditActions.Create, rule.Name, select, [], ct, [.. parameters]);
        }

        return written;
    }

    internal static InvalidOperationException MissingActor() =>
        new("Audited changes need an actor: create the context with CreateDbContextAsync(actor, ct) or call AuditAs.");

    /// <summary>The {"old","new"} pair of a change, as every entry's changes hold it.</summary>
    public static JsonObject Change(JsonNode? oldValue, JsonNode? newValue) => new() { ["old"] = oldValue, ["new"] = newValue };

    private static JsonObject Fields(EntityEntry entry, AuditedEntity rule, BusinessTime time, bool onlyChanged, bool creating)
    {
        if (creating)
        {
            return Created(entry.Metadata, rule, time, property => entry.Property(property).CurrentValue);
        }

        var result = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var meta = property.Metadata;
            if (rule.IsIgnored(meta.Name) || meta.IsPrimaryKey() || meta.IsShadowProperty())
            {
                continue;
            }

            if (onlyChanged && (!property.IsModified || Equals(property.OriginalValue, property.CurrentValue)))
            {
                continue;
            }

            var (field, kind) = rule.FieldOf(meta.Name);
            result[field] = Change(Format(meta, kind, property.OriginalValue, time), Format(meta, kind, property.CurrentValue, time));
        }

        return result;
    }

    /// <summary>What a create records: every field that has a value, as {"old": null, "new": value} — for SaveChanges and bulk inserts alike.</summary>
    private static JsonObject Created(IEntityType type, AuditedEntity rule, BusinessTime time, Func<IProperty, object?> valueOf)
    {
        var result = new JsonObject();
        foreach (var meta in type.GetProperties())
        {
            if (rule.IsIgnored(meta.Name) || meta.IsPrimaryKey() || meta.IsShadowProperty())
            {
                continue;
            }

            var (field, kind) = rule.FieldOf(meta.Name);
            var value = Format(meta, kind, valueOf(meta), time);
            if (value is not null)
            {
                result[field] = Change(null, value);
            }
        }

        return result;
    }

    private static JsonObject Snapshot(EntityEntry entry, AuditedEntity rule, BusinessTime time)
    {
        var result = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var meta = property.Metadata;
            if (!rule.IsIgnored(meta.Name) && !meta.IsShadowProperty())
            {
                var (field, kind) = rule.FieldOf(meta.Name);
                if (kind != AuditFieldKind.Redacted)
                {
                    result[field] = Format(meta, kind, property.OriginalValue, time);
                }
            }
        }

        return result;
    }

    /// <summary>A value as the API prints it: times in the business zone with offset, dates ISO, money in yuan, enums by name.</summary>
    private static JsonNode? Format(IProperty property, AuditFieldKind kind, object? value, BusinessTime time) => (kind, value) switch
    {
        (_, null) => null,
        (AuditFieldKind.Redacted, _) => JsonValue.Create("***"),
        (AuditFieldKind.Money, long fen) => JsonValue.Create(Money.FromFen(fen)),
        (_, DateTime utc) => JsonValue.Create(time.ToBusiness(utc)),
        (_, DateOnly date) => JsonValue.Create(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        (_, Enum) => JsonValue.Create(property.GetTypeMapping().Converter?.ConvertToProvider(value)?.ToString() ?? value.ToString()),
        _ => JsonSerializer.SerializeToNode(value, Json),
    };
}
