using Crm.Domain.Users;

namespace Crm.Web.Infrastructure;

/// <summary>
/// A number next to a menu entry (the admin's 待审批 count). A feature registers one; the layout shows it without
/// knowing the feature (Components may not depend on Features).
/// </summary>
public interface IMenuBadge
{
    /// <summary>The menu entry's key in NavMenu.</summary>
    string MenuKey { get; }

    Task<int> CountAsync(Actor actor, CancellationToken ct);
}

/// <summary>Per circuit: a page that changed what a badge counts raises it, and the menu reads its badges again.</summary>
public sealed class MenuBadgeSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
