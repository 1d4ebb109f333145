using System.Globalization;
using System.Text.Json.Nodes;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Data.Search;
using Crm.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>The caller's contacts (the contact list's scope and filters) in the contact template's columns; audited.</summary>
public sealed class ExportContacts(SynchronousContexts dbFactory, SearchTuning tuning)
{
    public async Task<ExportCustomers.Export> HandleAsync(Actor actor, ContactQuery query, ExportFormat format, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var filtered = await SearchContacts.FilterAsync(db, actor, query, tuning, PageReach.Everything, ct);
        var sorted = filtered.Rows.OrderBy(c => c.CustomerId).ThenByDescending(c => c.IsPrimary).ThenBy(c => c.Id);
        var count = 0;

        IEnumerable<IDictionary<string, object?>> Rows()
        {
            for (var page = 0; ; page++)
            {
                var rows = sorted.Skip(page * ExportCustomers.PageSize).Take(ExportCustomers.PageSize).Select(c => new
                {
                    c.Customer!.CustomerCode,
                    CustomerName = c.Customer.Name,
                    c.Name,
                    c.Position,
                    c.Department,
                    c.Mobile,
                    c.Phone,
                    c.Email,
                    c.Wechat,
                    c.Birthday,
                    c.Hobbies,
                    c.Notes,
                    c.IsPrimary,
                }).ToList();
                if (rows.Count == 0)
                {
                    yield break;
                }

                foreach (var r in rows)
                {
                    count++;
                    object?[] values =
                    [
                        r.CustomerCode, r.CustomerName, r.Name, r.Position, r.Department, r.Mobile, r.Phone, r.Email, r.Wechat,
                        r.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Hobbies, r.Notes, ContactSheet.YesNo(r.IsPrimary),
                    ];
                    yield return Headers.Zip(values, (h, v) => (h, v is string text ? SheetExport.Neutralise(text) : v)).ToDictionary(p => p.h, p => p.Item2);
                }
            }
        }

        var content = SheetExport.Write(Rows(), format, ContactTemplate.SheetName);
        db.RecordAction(AuditActions.Exported, AuditEntityTypes.Import, null, details: new JsonObject
        {
            ["kind"] = ImportKinds.Contacts,
            ["format"] = format.ToString().ToLowerInvariant(),
            ["rows"] = count,
        });
        await db.SaveChangesAsync(ct);
        return new ExportCustomers.Export(content, count);
    }

    private static readonly string[] Headers = [.. ContactSheet.Columns.Select(c => c.Header)];
}
