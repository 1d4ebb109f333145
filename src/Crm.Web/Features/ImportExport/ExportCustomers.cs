using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Data.Search;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The caller's customer list — the same scope, filters and sort as the list (SearchCustomers.FilterAsync / Sort) — as
/// a workbook or CSV with the template's columns plus the computed ones, so that the file imports back unchanged.
/// Rows are read a page at a time. The export is audited: who exported how many rows with which filters.
/// </summary>
public sealed class ExportCustomers(SynchronousContexts dbFactory, TimeProvider clock, BusinessTime time, SearchTuning tuning)
{
    public const int PageSize = 2000;

    public sealed record Export(Stream Content, int Rows);

    public async Task<Export> HandleAsync(Actor actor, CustomerQuery query, ExportFormat format, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var filtered = await SearchCustomers.FilterAsync(db, actor, query, clock.GetUtcNow().UtcDateTime, time, tuning, PageReach.Everything, ct);
        var sorted = SearchCustomers.Sort(filtered.Rows, query.OrderBy, query.OrderDesc);
        var count = 0;

        IEnumerable<IDictionary<string, object?>> Rows()
        {
            for (var page = 0; ; page++)
            {
                var rows = sorted.Skip(page * PageSize).Take(PageSize).Select(c => new
                {
                    c.Id,
                    c.CustomerCode,
                    c.Name,
                    c.ShortName,
                    c.CustomerType,
                    c.Industry,
                    c.Scale,
                    c.Address,
                    c.Website,
                    c.EstablishedDate,
                    c.CreditLimitFen,
                    c.PaymentTerms,
                    c.AccountPeriod,
                    c.CustomerSource,
                    Owner = c.SalesOwner!.Username,
                    c.Status,
                    c.AnnualRevenueFen,
                    c.CooperationYears,
                    c.CustomerLevel,
                    c.LastFollowUpAt,
                    ContactsCount = c.Contacts.Count,
                    Primary = c.Contacts.Where(x => x.IsPrimary).Select(x => new { x.Name, x.Mobile }).FirstOrDefault(),
                }).ToList();
                if (rows.Count == 0)
                {
                    yield break;
                }

                var ids = rows.Select(r => r.Id).ToList();
                var tags = db.CustomerTags.AsNoTracking().Where(t => ids.Contains(t.CustomerId)).OrderBy(t => t.Id)
                    .Select(t => new { t.CustomerId, t.TagName }).ToList()
                    .ToLookup(t => t.CustomerId, t => t.TagName);
                foreach (var r in rows)
                {
                    count++;
                    var values = new object?[]
                    {
                        r.CustomerCode, r.Name, r.ShortName, Messages.Chinese("CustomerType_" + EnumText<CustomerType>.Name(r.CustomerType)),
                        r.Industry, r.Scale, r.Address, r.Website, r.EstablishedDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        Yuan(r.CreditLimitFen), r.PaymentTerms, r.AccountPeriod, r.CustomerSource, r.Owner,
                        r.Status is { } s ? Messages.Chinese("Status_" + EnumText<CustomerStatus>.Name(s)) : null,
                        Yuan(r.AnnualRevenueFen), r.CooperationYears, string.Join("、", tags[r.Id]),
                        EnumText<CustomerLevel>.Name(r.CustomerLevel),
                        r.LastFollowUpAt is { } last ? time.ToBusiness(last).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null,
                        r.ContactsCount, r.Primary?.Name, r.Primary?.Mobile,
                    };
                    yield return Headers.Zip(values, (h, v) => (h, v is string text ? SheetExport.Neutralise(text) : v))
                        .ToDictionary(p => p.h, p => p.Item2);
                }
            }
        }

        var content = SheetExport.Write(Rows(), format, CustomerTemplate.SheetName);
        db.RecordAction(AuditActions.Exported, AuditEntityTypes.Import, null, details: new JsonObject
        {
            ["kind"] = ImportKinds.Customers,
            ["format"] = format.ToString().ToLowerInvariant(),
            ["rows"] = count,
        });
        await db.SaveChangesAsync(ct);
        return new Export(content, count);
    }

    private static readonly string[] Headers = [.. CustomerSheet.Columns.Concat(CustomerSheet.ExportOnly).Select(c => c.Header)];

    private static decimal? Yuan(long? fen) => fen is { } v ? Money.FromFen(v) : null;
}
