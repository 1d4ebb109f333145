using Crm.Web.Features.Audit;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Customers;

namespace Crm.Web.Features.Workbench;

/// <summary>
/// A salesperson's day (工作台): who to call today, who slipped, who has gone quiet, whose birthday comes, the book's
/// counts and the latest changes. Each list holds its first <see cref="GetWorkbench.ItemsPerPanel"/> customers and
/// its count, capped at <see cref="GetWorkbench.CountLimit"/> (count_capped = true: "1000+").
/// </summary>
public sealed record WorkbenchDto(
    DateOnly Today,
    long? SalesOwnerId,
    WorkbenchPanel DueToday,
    WorkbenchPanel Overdue,
    WorkbenchPanel Quiet30,
    WorkbenchPanel Quiet60,
    WorkbenchPanel Quiet90,
    WorkbenchBirthdays Birthdays,
    CustomerStatsDto Counts,
    IReadOnlyList<AuditEntryDto> RecentChanges);

public sealed record WorkbenchPanel(long Count, bool CountCapped, IReadOnlyList<WorkbenchCustomer> Items);

public sealed record WorkbenchBirthdays(long Count, bool CountCapped, IReadOnlyList<ContactBirthdayDto> Items);

/// <summary>One customer on a panel: enough to recognise it and to open it.</summary>
public sealed record WorkbenchCustomer(
    long Id,
    string Name,
    string CustomerCode,
    string? Status,
    string CustomerLevel,
    long SalesOwnerId,
    string? SalesOwnerName,
    DateTimeOffset? LastFollowUpAt,
    DateTimeOffset? NextFollowUpAt,
    DateTimeOffset CreatedAt);
