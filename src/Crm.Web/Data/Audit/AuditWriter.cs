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
    public sealed record Pending(EntityEntry Entry, AuditedEntity Rule, string Action, string? Changes, string? Snapshot);

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
                    pending.Add(new Pending(entry, rule, AuditActions.Create, Created(entry.Metadata, rule, time, property => entry.Property(property).CurrentValue), null));
                    break;
                case EntityState.Modified:
                    if (Updated(entry, rule, time) is { } changes)
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
            Changes = p.Changes,
            Snapshot = p.Snapshot,
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
    /// (c) The <c>create</c> entries of rows a bulk insert writes (<see cref="BulkInsert"/>): the same fields SaveChanges
    /// records for a created entity. Their JSON is built here, on one thread of the pool, from the entities alone (no
    /// context, no key): a caller starts it before the statement that inserts the rows, and the two run side by side (one
    /// thread, not every core: the insert needs one to itself). <see cref="RecordCreatedAsync"/> then writes the
    /// entries with the ids the insert gave.
    /// </summary>
    public static CreatedEntries PrepareCreated<T>(this CrmDbContext db, IReadOnlyList<T> entities)
        where T : class
    {
        var rule = AuditMap.Find(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not audited.");
        var type = db.Model.FindEntityType(typeof(T))!;
        var time = db.AuditTime;
        var changes = Task.Run(() =>
        {
            var json = new string[entities.Count];
            for (var i = 0; i < json.Length; i++)
            {
                var entity = entities[i];
                json[i] = Created(type, rule, time, property => property.GetGetter().GetClrValue(entity));
            }

            return json;
        });
        return new CreatedEntries(rule, [.. entities], changes);
    }

    /// <summary>Writes the entries <see cref="PrepareCreated"/> built, in the caller's transaction. Returns how many.</summary>
    public static async Task<int> RecordCreatedAsync(this CrmDbContext db, CreatedEntries created, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries of a bulk insert belong in the insert's transaction: begin one first.");
        }

        var actor = db.AuditActor ?? throw MissingActor();
        var at = db.AuditClock.GetUtcNow().UtcDateTime;
        var changes = await created.Changes;
        var entries = new AuditEntry[changes.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entity = created.Entities[i];
            entries[i] = new AuditEntry
            {
                ActorId = actor.UserId,
                ActorName = actor.UserId is null ? actor.Name : null,
                At = at,
                Action = AuditActions.Create,
                EntityType = created.Rule.Name,
                EntityId = created.Rule.IdOf(entity),
                CustomerId = created.Rule.CustomerIdOf(entity),
                Changes = changes[i],
            };
        }

        await BulkInsert.InsertAsync(db, entries, ct);
        return entries.Length;
    }

    /// <summary>Create entries being prepared for rows of one audited type: their JSON in the making, in the entities' order.</summary>
    public sealed record CreatedEntries(AuditedEntity Rule, object[] Entities, Task<string[]> Changes);

    internal static InvalidOperationException MissingActor() =>
        new("Audited changes need an actor: create the context with CreateDbContextAsync(actor, ct) or call AuditAs.");

    /// <summary>The {"old","new"} pair of a change, as every entry's changes hold it.</summary>
    public static JsonObject Change(JsonNode? oldValue, JsonNode? newValue) => new() { ["old"] = oldValue, ["new"] = newValue };

    /// <summary>The fields an update changed, as {"field": {"old", "new"}}; null when none did.</summary>
    private static string? Updated(EntityEntry entry, AuditedEntity rule, BusinessTime time)
    {
        var any = false;
        var json = Write(writer =>
        {
            foreach (var property in entry.Properties)
            {
                var meta = property.Metadata;
                if (rule.IsIgnored(meta.Name) || meta.IsPrimaryKey() || meta.IsShadowProperty()
                    || !property.IsModified || Equals(property.OriginalValue, property.CurrentValue))
                {
                    continue;
                }

                any = true;
                var (field, kind) = rule.FieldOf(meta.Name);
                WriteChange(writer, field, meta, kind, property.OriginalValue, property.CurrentValue, time);
            }
        });
        return any ? json : null;
    }

    /// <summary>What a create records: every field that has a value, as {"old": null, "new": value} — for SaveChanges and bulk inserts alike.</summary>
    private static string Created(IEntityType type, AuditedEntity rule, BusinessTime time, Func<IProperty, object?> valueOf) => Write(writer =>
    {
        foreach (var meta in type.GetProperties())
        {
            if (rule.IsIgnored(meta.Name) || meta.IsPrimaryKey() || meta.IsShadowProperty())
            {
                continue;
            }

            if (valueOf(meta) is { } value)
            {
                var (field, kind) = rule.FieldOf(meta.Name);
                WriteChange(writer, field, meta, kind, null, value, time);
            }
        }
    });

    /// <summary>A deleted row as it was: every field (secrets left out), as {"field": value}.</summary>
    private static string Snapshot(EntityEntry entry, AuditedEntity rule, BusinessTime time) => Write(writer =>
    {
        foreach (var property in entry.Properties)
        {
            var meta = property.Metadata;
            if (!rule.IsIgnored(meta.Name) && !meta.IsShadowProperty())
            {
                var (field, kind) = rule.FieldOf(meta.Name);
                if (kind != AuditFieldKind.Redacted)
                {
                    writer.WritePropertyName(field);
                    WriteValue(writer, meta, kind, property.OriginalValue, time);
                }
            }
        }
    });

    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _json;

    /// <summary>
    /// One JSON object written straight to UTF-8 (no document in between: the bulk paths write hundreds of thousands),
    /// with a buffer and writer kept per thread, so an entry allocates little more than its text.
    /// </summary>
    private static string Write(Action<Utf8JsonWriter> fields)
    {
        if (_json is not { } json)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
            json = (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }));
            _json = json;
        }

        json.Buffer.ResetWrittenCount();
        json.Writer.Reset(json.Buffer);
        json.Writer.WriteStartObject();
        fields(json.Writer);
        json.Writer.WriteEndObject();
        json.Writer.Flush();
        return System.Text.Encoding.UTF8.GetString(json.Buffer.WrittenSpan);
    }

    private static void WriteChange(Utf8JsonWriter writer, string field, IProperty property, AuditFieldKind kind, object? oldValue, object? newValue, BusinessTime time)
    {
        writer.WritePropertyName(field);
        writer.WriteStartObject();
        writer.WritePropertyName("old");
        WriteValue(writer, property, kind, oldValue, time);
        writer.WritePropertyName("new");
        WriteValue(writer, property, kind, newValue, time);
        writer.WriteEndObject();
    }

    /// <summary>A value as the API prints it: times in the business zone with offset, dates ISO, money in yuan, enums by name.</summary>
    private static void WriteValue(Utf8JsonWriter writer, IProperty property, AuditFieldKind kind, object? value, BusinessTime time)
    {
        switch (kind, value)
        {
            case (_, null):
                writer.WriteNullValue();
                break;
            case (AuditFieldKind.Redacted, _):
                writer.WriteStringValue("***");
                break;
            case (AuditFieldKind.Money, long fen):
                writer.WriteNumberValue(Money.FromFen(fen));
                break;
            case (_, DateTime utc):
                writer.WriteStringValue(time.ToBusiness(utc));
                break;
            case (_, DateOnly date):
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case (_, Enum):
                writer.WriteStringValue(property.GetTypeMapping().Converter?.ConvertToProvider(value)?.ToString() ?? value.ToString());
                break;
            case (_, string text):
                writer.WriteStringValue(text);
                break;
            case (_, long number):
                writer.WriteNumberValue(number);
                break;
            case (_, int number):
                writer.WriteNumberValue(number);
                break;
            case (_, bool flag):
                writer.WriteBooleanValue(flag);
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), Json);
                break;
        }
    }
}
