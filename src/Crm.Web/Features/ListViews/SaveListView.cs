using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ListViews;

/// <summary>
/// Creates or changes one of the caller's saved views (我的视图). A view is personal: another user's view is answered
/// as not found. Names are unique per user and list (the database's unique index decides under concurrency).
/// </summary>
public sealed class SaveListView(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public const int MaxViewsPerList = 50;

    public async Task<ListViewDto> CreateAsync(Actor actor, ListViewInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var kind = ListKind.Find(input.List.Value, errors);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var view = new ListView { UserId = actor.UserId, List = kind!.Name, Name = "", Query = "", CreatedAt = now, UpdatedAt = now };
        Apply(view, kind, input with { Name = input.Name.IsSet ? input.Name : Optional<string?>.Of(null) }, errors);
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ListViews.CountAsync(v => v.UserId == actor.UserId && v.List == view.List, ct) >= MaxViewsPerList)
        {
            throw ValidationErrors.Failure("name", Messages.Format("ListViewLimit", MaxViewsPerList));
        }

        db.ListViews.Add(view);
        await SaveAsync(db, ct);
        return ToDto(view);
    }

    public async Task<ListViewDto> UpdateAsync(Actor actor, long id, ListViewInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await db.ListViews.FirstOrDefaultAsync(v => v.Id == id && v.UserId == actor.UserId, ct)
            ?? throw new NotFoundException(Messages.ListViewNotFound);
        var errors = new ValidationErrors();
        var kind = ListKind.Find(view.List, errors)!;
        Apply(view, kind, input, errors);
        errors.ThrowIfAny();
        view.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await SaveAsync(db, ct);
        return ToDto(view);
    }

    private static void Apply(ListView view, ListKind kind, ListViewInput input, ValidationErrors errors)
    {
        if (input.Name.IsSet)
        {
            view.Name = Text.Required(input.Name.Value, ListView.NameMax, "name", "Label_ViewName", errors);
        }

        if (input.Query.IsSet)
        {
            var query = input.Query.Value?.Trim() ?? "";
            if (query.Length > ListView.QueryMax)
            {
                errors.Add("query", Text.TooLong("Label_ViewQuery", ListView.QueryMax));
            }
            else
            {
                view.Query = kind.NormaliseQuery(query, errors);
            }
        }

        if (input.Columns.IsSet)
        {
            view.Columns = input.Columns.Value is { } columns ? kind.CheckColumns(columns, errors) : null;
        }
    }

    private static async Task SaveAsync(CrmDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "list_views"))
        {
            throw ValidationErrors.Failure("name", Messages.ListViewNameExists);
        }
    }

    internal ListViewDto ToDto(ListView view) => Map(view, time);

    internal static ListViewDto Map(ListView view, BusinessTime time) => new(
        view.Id, view.List, view.Name, view.Query, view.Columns is null ? null : ListKind.SplitColumns(view.Columns),
        time.ToBusiness(view.CreatedAt), time.ToBusiness(view.UpdatedAt));
}
