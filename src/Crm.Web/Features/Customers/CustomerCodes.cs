using System.Data.Common;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

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
        var connection = db.Database.GetDbConnection();
        var opened = false;
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
            opened = true;
        }

        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO code_sequences (day, last_value) VALUES (@day, 1) " +
                "ON CONFLICT (day) DO UPDATE SET last_value = code_sequences.last_value + 1 " +
                "RETURNING last_value";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@day";
            parameter.Value = day;
            command.Parameters.Add(parameter);
            var result = await command.ExecuteScalarAsync(ct);
            return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
