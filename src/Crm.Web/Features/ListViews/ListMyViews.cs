using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ListViews;

/// <summary>The caller's saved views of one list, by name; one of them by id (404 when it is someone else's).</summary>
public sealed class ListMyViews(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<IReadOnlyList<ListViewDto>> HandleAsync(Actor actor, string? list, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var kind = ListKind.Find(list, errors);
        errors.ThrowIfAny();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var views = await db.ListViews.AsNoTracking()
            .Where(v => v.UserId == actor.UserId && v.List == kind!.Name)
            .ToListAsync(ct);
        return views.OrderBy(v => v.Name, StringComparer.CurrentCulture).ThenBy(v => v.Id).Select(v => SaveListView.Map(v, time)).ToList();
    }

    public async Task<ListViewDto> GetAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await db.ListViews.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.UserId == actor.UserId, ct)
            ?? throw new NotFoundException(Messages.ListViewNotFound);
        return SaveListView.Map(view, time);
    }

    public async Task DeleteAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.ListViews.Where(v => v.Id == id && v.UserId == actor.UserId).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            throw new NotFoundException(Messages.ListViewNotFound);
        }
    }
}
