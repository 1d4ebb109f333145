using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ListViews;

/// <summary>
/// The caller's columns of a list (shown ones, in order), stored on the server so they follow the user to any
/// browser; the list's default until saved. A column the app no longer has is left out when read.
/// </summary>
public sealed class ListColumns(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ListColumnsDto> GetAsync(Actor actor, string? list, CancellationToken ct)
    {
        var kind = Kind(list);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.ListColumnSettings.AsNoTracking()
            .Where(s => s.UserId == actor.UserId && s.List == kind.Name)
            .Select(s => s.Columns)
            .FirstOrDefaultAsync(ct);
        var columns = ListKind.SplitColumns(stored).Where(kind.Columns.Contains).ToList();
        return new ListColumnsDto(kind.Name, columns.Contains(kind.RequiredColumn) ? columns : kind.DefaultColumns);
    }

    public async Task<ListColumnsDto> SaveAsync(Actor actor, string? list, Optional<IReadOnlyList<string>?> columns, CancellationToken ct)
    {
        var kind = Kind(list);
        var errors = new ValidationErrors();
        var joined = columns.Value is { } given
            ? kind.CheckColumns(given, errors)
            : null;
        if (columns.Value is null)
        {
            errors.Add("columns", Domain.Resources.Messages.Format("FieldRequired", Domain.Resources.Messages.Get("Label_Columns")));
        }

        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var setting = await db.ListColumnSettings.FirstOrDefaultAsync(s => s.UserId == actor.UserId && s.List == kind.Name, ct);
        if (setting is null)
        {
            setting = new ListColumnSetting { UserId = actor.UserId, List = kind.Name, Columns = joined! };
            db.ListColumnSettings.Add(setting);
        }

        setting.Columns = joined!;
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "list_column_settings"))
        {
            // Two tabs saved their first layout at once: the other one's row exists now; the last save wins.
            db.ChangeTracker.Clear();
            await db.ListColumnSettings.Where(s => s.UserId == actor.UserId && s.List == kind.Name)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Columns, joined!).SetProperty(s => s.UpdatedAt, setting.UpdatedAt), ct);
        }

        return new ListColumnsDto(kind.Name, ListKind.SplitColumns(joined));
    }

    private static ListKind Kind(string? list)
    {
        var errors = new ValidationErrors();
        var kind = ListKind.Find(list, errors);
        errors.ThrowIfAny();
        return kind!;
    }
}
