using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data;

/// <summary>
/// Hands out CUS+yyyyMMdd+NNNN codes. The daily counter is one row per business day, advanced by a single
/// atomic upsert, so codes stay unique across threads and across app instances sharing the database.
/// </summary>
internal static class CustomerCodes
{
    public static async Task<string> NextAsync(CrmDbContext db, DateOnly businessDate, CancellationToken ct)
    {
        var day = CustomerCode.DayKey(businessDate);
        while (true)
        {
            var sequence = await AdvanceAsync(db, day, ct);
            var code = CustomerCode.Generate(businessDate, sequence);

            // Skip numbers that someone already typed in by hand.
            var key = CustomerCode.Normalize(code);
            if (!await db.Customers.AnyAsync(c => c.CustomerCodeKey == key, ct))
            {
                return code;
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> codes at once for a bulk create (an import): the counter advances by the whole block in
    /// one statement, and numbers someone typed in by hand are skipped as <see cref="NextAsync"/> skips them.
    /// </summary>
    public static async Task<List<string>> ReserveAsync(CrmDbContext db, DateOnly businessDate, int count, CancellationToken ct)
    {
        var day = CustomerCode.DayKey(businessDate);
        var codes = new List<string>(count);
        while (codes.Count < count)
        {
            var wanted = count - codes.Count;
            var last = await AdvanceAsync(db, day, ct, wanted);
            var block = Enumerable.Range(0, wanted).Select(i => CustomerCode.Generate(businessDate, last - wanted + 1 + i)).ToList();
            var keys = block.Select(CustomerCode.Normalize).ToHashSet(StringComparer.Ordinal);
            // Manual codes may already hold some of these: one index range from the block's smallest key to its largest
            // (a superset, intersected here) instead of a thousand-parameter IN list.
            var (low, high) = (keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!);
            var inRange = await db.Customers
                .Where(c => c.CustomerCodeKey.CompareTo(low) >= 0 && c.CustomerCodeKey.CompareTo(high) <= 0)
                .Select(c => c.CustomerCodeKey).ToListAsync(ct);
            var taken = inRange.Where(keys.Contains).ToHashSet(StringComparer.Ordinal);
            codes.AddRange(block.Where(c => !taken.Contains(CustomerCode.Normalize(c))));
        }

        return codes;
    }

    private static async Task<long> AdvanceAsync(CrmDbContext db, string day, CancellationToken ct, int by = 1)
    {
        var result = await RawSql.ScalarAsync(
            db,
            "INSERT INTO code_sequences (day, last_value) VALUES (@day, @by) " +
            "ON CONFLICT (day) DO UPDATE SET last_value = code_sequences.last_value + @by " +
            "RETURNING last_value",
            ct,
            ("@day", day),
            ("@by", (long)by));
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
