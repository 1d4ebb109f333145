using System.Text.Json.Nodes;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Audit;

/// <summary>
/// The display names of the users that audit entries name by id: an owner change made through PUT records
/// <c>sales_owner_id</c> old and new (the API form), which a page shows as 负责销售: 张三 → 李四.
/// </summary>
public sealed class AuditUserNames(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>Changed fields whose values are user ids.</summary>
    public static readonly IReadOnlySet<string> UserFields = new HashSet<string>(StringComparer.Ordinal) { "sales_owner_id" };

    public async Task<IReadOnlyDictionary<long, string>> ForAsync(IEnumerable<AuditEntryDto> entries, CancellationToken ct)
    {
        var ids = entries.SelectMany(UserIds).Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, string>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static IEnumerable<long> UserIds(AuditEntryDto entry) =>
        entry.Changes is not { } changes
            ? []
            : changes.Where(c => UserFields.Contains(c.Key))
                .SelectMany(c => c.Value is JsonObject pair ? new JsonNode?[] { pair["old"], pair["new"] } : new JsonNode?[] { c.Value })
                .OfType<JsonValue>()
                .Select(v => v.TryGetValue<long>(out var id) ? id : (long?)null)
                .OfType<long>();
}
