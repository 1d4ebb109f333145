using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The error workbook of a refused import or a dry run with errors: the stored upload checked again, as the person who
/// uploaded it, against the data as it is now, and written back with 错误原因 and the bad cells marked.
/// </summary>
public sealed class ImportErrorReport(IDbContextFactory<CrmDbContext> dbFactory, ImportCustomers customers, ImportContacts contacts)
{
    public async Task<(Stream Content, string FileName)> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        DataImport import;
        byte[] content;
        Actor importer;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            import = await ImportHistory.FindAsync(db, actor, id, ct);
            content = await db.DataImportFiles.Where(f => f.ImportId == id).Select(f => f.Content).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException(Messages.ImportNoErrorWorkbook);
            importer = await db.Users.Where(u => u.Id == import.CreatedById).Select(u => new Actor(u.Id, u.Role, u.DisplayName)).FirstAsync(ct);
        }

        var onDuplicate = Enum.Parse<OnDuplicate>(import.OnDuplicate, ignoreCase: true);
        var upload = SpreadsheetUpload.Open(content, import.FileName);
        var errors = import.Kind == ImportKinds.Contacts
            ? await contacts.ErrorsAsync(importer, content, import.FileName, onDuplicate, ct)
            : await customers.ErrorsAsync(importer, content, import.FileName, onDuplicate, ct);
        var sheet = import.Kind == ImportKinds.Contacts ? ContactTemplate.SheetName : CustomerTemplate.SheetName;
        var name = Path.GetFileNameWithoutExtension(import.FileName) + "_错误报告.xlsx";
        return (ErrorWorkbook.Write(upload, errors, sheet), name);
    }
}
