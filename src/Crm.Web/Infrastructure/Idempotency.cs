using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Creates that may be repeated safely: a client (the API's <c>Idempotency-Key</c> header, or a UI form's submission
/// key) names the attempt, and a repeat of the same key by the same user within <see cref="Retention"/> gets the
/// record the first attempt created instead of a second one — also when both arrive at once, on any instance: the key
/// is claimed in the database, in the same transaction as the record.
/// </summary>
public static class Idempotency
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Reads and checks the header: absent or empty is no key; 1–100 visible ASCII characters otherwise.</summary>
    public static string? KeyFrom(HttpRequest request)
    {
        var value = request.Headers["Idempotency-Key"].ToString().Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > IdempotencyRecord.KeyMax || value.Any(c => c is < '!' or > '~'))
        {
            throw ValidationErrors.Failure("Idempotency-Key", Messages.IdempotencyKeyInvalid);
        }

        return value;
    }

    /// <summary>
    /// Runs <paramref name="create"/> (which saves through <paramref name="db"/> and returns the new id) once per key.
    /// Returns the id and whether it is the first attempt's (a replay). Without a key it simply creates.
    /// </summary>
    public static async Task<(long Id, bool Replayed)> CreateOnceAsync(
        CrmDbContext db, long userId, string scope, string? key, DateTime now, Func<Task<long>> create, CancellationToken ct)
    {
        if (key is null)
        {
            return (await create(), false);
        }

        // Keys past retention are forgotten (all of them: the index on created_at keeps this cheap), so an old key
        // starts afresh and the table holds one day of keys.
        var cutoff = now - Retention;
        await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        if (await FirstResultAsync(db, userId, scope, key, ct) is { } first)
        {
            return (first, true);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claim = new IdempotencyRecord { UserId = userId, Scope = scope, Key = key, CreatedAt = now };
        db.IdempotencyRecords.Add(claim);
        try
        {
            // A concurrent attempt with the same key waits here until the first commits, then fails on the index.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "idempotency_records"))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (await FirstResultAsync(db, userId, scope, key, ct) ?? throw new ConflictException(Messages.IdempotencyKeyInUse), true);
        }

        var id = await create();
        claim.ResultId = id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (id, false);
    }

    private static async Task<long?> FirstResultAsync(CrmDbContext db, long userId, string scope, string key, CancellationToken ct) =>
        await db.IdempotencyRecords
            .Where(r => r.UserId == userId && r.Scope == scope && r.Key == key && r.ResultId != 0)
            .Select(r => (long?)r.ResultId)
            .FirstOrDefaultAsync(ct);
}
