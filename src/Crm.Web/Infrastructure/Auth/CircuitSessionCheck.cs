using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>
/// A live Blazor circuit outlives the request that opened it: every 30 seconds it runs the same
/// <see cref="SessionCheck"/> as each request, so a deactivated user, a reset password or the end of the
/// session signs the page out. A changed role also ends the circuit's state; the next page load picks it up.
/// </summary>
public sealed class CircuitSessionCheck(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var fresh = await SessionCheck.RefreshAsync(scope.ServiceProvider, user, user.Identity.AuthenticationType ?? "cookie", cancellationToken);
        return fresh is not null && fresh.ToActor().Role == user.ToActor().Role;
    }
}
