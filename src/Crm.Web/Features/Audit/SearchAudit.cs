using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Audit;

/// <summary>The 操作日志 filters: every one optional, every one checked (a bad value is a 400, never ignored).</summary>
public sealed record AuditQuery
{
    public string? Entity { get; init; }
    public long? EntityId { get; init; }
    public long? UserId { get; init; }
    public long? CustomerId { get; init; }
    public string? Action { get; init; }

    /// <summary>Inclusive lower bound (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Exclusive upper bound (UTC): a date means up to the end of that day.</summary>
    public DateTime? Before { get; init; }

    public PageRequest Page { get; init; } = new(1, 20);

    public static AuditQuery Parse(IQueryCollection query, BusinessTime time)
    {
        var errors = new ValidationErrors();
        var entity = QueryValues.Single(query, "entity");
        if (entity is not null && !AuditMap.EntityTypes.Contains(entity))
        {
            errors.Add("entity", Messages.Format("ParameterChoiceInvalid", "entity", string.Join(", ", AuditMap.EntityTypes)));
        }

        var action = QueryValues.Single(query, "action");
        if (action is not null && !AuditActions.All.Contains(action))
        {
            errors.Add("action", Messages.Format("ParameterChoiceInvalid", "action", string.Join(", ", AuditActions.All)));
        }

        var result = new AuditQuery
        {
            Entity = entity,
            EntityId = QueryValues.Long(query, "entity_id", errors),
            UserId = QueryValues.Long(query, "user_id", errors),
            CustomerId = QueryValues.Long(query, "customer_id", errors),
            Action = action,
            From = Bound(query, "from", time, endOfDay: false, errors),
            Before = Bound(query, "to", time, endOfDay: true, errors),
            Page = PageRequest.Parse(query, errors),
        };
        if (result.From is { } from && result.Before is { } before && from >= before)
        {
            errors.Add("to", Messages.AuditRangeInvalid);
        }

        errors.ThrowIfAny();
        return result;
    }

    /// <summary>A date (business day) or an instant; returns the UTC bound, exclusive for "to".</summary>
    private static DateTime? Bound(IQueryCollection query, string name, BusinessTime time, bool endOfDay, ValidationErrors errors)
    {
        var text = QueryValues.Single(query, name);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            var start = day.AddDays(endOfDay ? 1 : 0).ToDateTime(TimeOnly.MinValue);
            return TimeZoneInfo.ConvertTimeToUtc(start, time.Zone);
        }

        if (time.TryParseInstant(text, out var utc))
        {
            return endOfDay ? utc.AddTicks(1) : utc;
        }

        errors.Add(name, Messages.Format("ParameterInvalid", name));
        return null;
    }
}

/// <summary>The 操作日志 (admins only): every entry, deleted customers' included, filtered and paged in the database.</summary>
public sealed class SearchAudit(IDbContextFactory<CrmDbContext> dbFactory, CountCap countCap, BusinessTime time)
{
    /// <summary>Sales get a 403 whatever they ask, before their parameters are read.</summary>
    public static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
        {
            throw new ForbiddenException(Messages.Forbidden);
        }
    }

    public async Task<Paged<AuditEntryDto>> HandleAsync(Actor actor, AuditQuery query, CancellationToken ct)
    {
        RequireAdmin(actor);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = db.AuditEntries.AsNoTracking();
        if (query.Entity is { } entity)
        {
            filtered = filtered.Where(a => a.EntityType == entity);
        }

        if (query.EntityId is { } entityId)
        {
            filtered = filtered.Where(a => a.EntityId == entityId);
        }

        if (query.UserId is { } userId)
        {
            filtered = filtered.Where(a => a.ActorId == userId);
        }

        if (query.CustomerId is { } customerId)
        {
            filtered = filtered.Where(a => a.CustomerId == customerId);
        }

        if (query.Action is { } action)
        {
            filtered = filtered.Where(a => a.Action == action);
        }

        if (query.From is { } from)
        {
            filtered = filtered.Where(a => a.At >= from);
        }

        if (query.Before is { } before)
        {
            filtered = filtered.Where(a => a.At < before);
        }

        var page = query.Page;
        var rows = await filtered.AsRows(db).Page(page.Page, page.PageSize, planOnce: false).ToListAsync(ct);
        return await countCap.PageAsync(filtered, page.Page, page.PageSize, rows.Select(r => r.ToDto(time)).ToList(), ct);
    }
}
