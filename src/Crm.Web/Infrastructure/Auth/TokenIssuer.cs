using System.Security.Claims;
using Crm.Web.Data;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Web.Infrastructure.Auth;

public sealed class TokenIssuer(SigningKey signingKey, IOptions<TokenOptions> options, TimeProvider clock)
{
    public const string Issuer = "crm";
    public const string Audience = "crm";

    public TimeSpan Lifetime => TimeSpan.FromHours(options.Value.TokenLifetimeHours);

    public string Issue(User user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(AuthSetup.StampClaim, user.SecurityStamp),
            ]),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
