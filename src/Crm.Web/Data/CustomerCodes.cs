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

    private static async Task<long> AdvanceAsync(CrmDbContext db, string day, CancellationToken ct)
    {
        var result = await RawSql.ScalarAsync(
            db,
            "INSERT INTO code_sequences (day, last_value) VALUES (@day, 1) " +
            "ON CONFLICT (day) DO UPDATE SET last_value = code_sequences.last_value + 1 " +
            "RETURNING last_value",
            ct,
            ("@day", day));
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
