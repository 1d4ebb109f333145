using System.Security.Claims;
using Crm.Domain.Common;
using Crm.Domain.Users;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>The signed-in user as the app sees it: the claims a session carries, and the <see cref="Actor"/> every use case takes.</summary>
public static class CurrentUser
{
    public static ClaimsPrincipal CreatePrincipal(long id, UserRole role, string displayName, string username, string scheme, IEnumerable<Claim>? carried = null) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Role, EnumText<UserRole>.Name(role)),
                new Claim(ClaimTypes.Name, displayName),
                new Claim("username", username),
                .. carried ?? [],
            ],
            scheme,
            ClaimTypes.Name,
            ClaimTypes.Role));

    /// <summary>The acting user of an authenticated request.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var id = long.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var role = EnumText<UserRole>.TryParse(principal.FindFirstValue(ClaimTypes.Role), out var parsed) ? parsed : UserRole.Sales;
        return new Actor(id, role, principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty);
    }
}
