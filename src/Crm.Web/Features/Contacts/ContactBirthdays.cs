using System.Text.Json.Serialization;
using Crm.Domain.Common;
using Crm.Domain.Contacts;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>A contact whose birthday is coming up (客户关怀): the contact plus when and in how many days.</summary>
public sealed record ContactBirthdayDto : ContactDto
{
    public ContactBirthdayDto(ContactDto contact, DateOnly nextBirthday, int daysUntil)
        : base(contact)
    {
        NextBirthday = nextBirthday;
        DaysUntil = daysUntil;
    }

    [JsonPropertyOrder(1)]
    public DateOnly NextBirthday { get; }

    [JsonPropertyOrder(1)]
    public int DaysUntil { get; }
}

public sealed record BirthdayQuery
{
    public int Days { get; init; } = 30;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    /// <summary>Only the contacts of this salesperson's customers (the 工作台's picker), within the caller's scope.</summary>
    public long? SalesOwnerId { get; init; }

    /// <summary>A lower cap for the total than the lists' (the 工作台's panels stop at 1,000); not an API parameter.</summary>
    public int? CountLimit { get; init; }

    public static BirthdayQuery Parse(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        var result = new BirthdayQuery
        {
            Days = QueryValues.Int(query, "days", 0, BirthdayWindow.MaxDays, () => Messages.BirthdayDaysInvalid, errors) ?? 30,
            Page = QueryValues.Int(query, "page", 1, int.MaxValue, () => Messages.PageInvalid, errors) ?? 1,
            PageSize = QueryValues.Int(query, "page_size", 1, CustomerQuery.MaxPageSize, () => Messages.PageSizeInvalid, errors) ?? 20,
        };
        errors.ThrowIfAny();
        return result;
    }
}

/// <summary>
/// Contacts in the caller's scope whose birthday falls within the next N days (business date), soonest
/// first. The month-day window is exact and the order is computed in SQL, so the page comes from the database.
/// </summary>
public sealed class ContactBirthdays(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time, CountCap countCap)
{
    public async Task<Paged<ContactBirthdayDto>> HandleAsync(Actor actor, BirthdayQuery query, CancellationToken ct)
    {
        var today = time.Today(clock.GetUtcNow());
        var window = BirthdayWindow.For(today, query.Days);
        var todayMonthDay = Birthdays.MonthDay(today);

        await using var db = await dbFactory.OpenDbContextAsync(ct);
        // Scoped by the owner copied onto each contact (decision 0052): one range of (sales_owner_id,
        // birthday_month_day, id) instead of the week's contacts joined to the salesperson's customers.
        var scoped = db.Contacts.AsNoTracking();
        if (!Permissions.SeesEverything(actor))
        {
            scoped = scoped.Where(c => c.SalesOwnerId == actor.UserId);
        }

        if (query.SalesOwnerId is { } ownerId)
        {
            scoped = scoped.Where(c => c.SalesOwnerId == ownerId);
        }

        // Soonest first, read range by range in birthday order (this year's rest, then next year's part), each one
        // ordered index read of (birthday_month_day, id): the page never sorts the window (62,555 contacts of an
        // admin's week at 1M).
        var skip = (long)(query.Page - 1) * query.PageSize;
        var rows = new List<ContactRow>();
        foreach (var (from, to) in window.InBirthdayOrder(todayMonthDay))
        {
            var range = scoped.Where(c => c.BirthdayMonthDay >= from && c.BirthdayMonthDay <= to);
            var wanted = query.PageSize - rows.Count;
            // No OFFSET when nothing is skipped, and the page size in the text (a range after the first reads a whole page
            // too, and keeps what is wanted): the plan is the same whatever the owner or the week, so PostgreSQL plans
            // it once (decision 0068).
            var ordered = range.OrderBy(c => c.BirthdayMonthDay).ThenBy(c => c.Id);
            var found = await (skip > 0 ? ordered.Skip((int)Math.Min(skip, int.MaxValue)) : ordered)
                .TakeInlined(query.PageSize)
                .WithCustomerName()
                .ToListAsync(ct);
            rows.AddRange(found.Take(wanted));
            if (rows.Count == query.PageSize)
            {
                break;
            }

            // The next range starts where this one ends: skip what is left of the offset.
            skip = found.Count > 0 || skip == 0 ? 0 : Math.Max(0, skip - await range.LongCountAsync(ct));
        }

        var items = rows.Select(r => new ContactBirthdayDto(
                r.ToDto(time),
                Birthdays.NextOccurrence(r.Contact.Birthday!.Value, today),
                Birthdays.DaysUntil(r.Contact.Birthday!.Value, today)))
            .ToList();
        // Counted range by range as well (UNION ALL of index ranges): under a small limit, one OR of the two ranges made
        // PostgreSQL walk the whole birthday index and filter (2.77M entries, 270 ms for the 工作台's 1,000 at 1M).
        var ranges = window.InBirthdayOrder(todayMonthDay)
            .Select(r => scoped.Where(c => c.BirthdayMonthDay >= r.From && c.BirthdayMonthDay <= r.To))
            .ToList();
        var due = ranges.Skip(1).Aggregate(ranges[0], (all, next) => all.Concat(next));
        return await countCap.PageAsync(due, query.Page, query.PageSize, items, query.CountLimit, ct);
    }
}
