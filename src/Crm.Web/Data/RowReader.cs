using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Crm.Web.Data;

/// <summary>
/// How a query shape's rows are read by hand (decision 0085): the columns of its projection in order, named as EF
/// names them in the SQL, and the read of one row by position. A statement whose columns differ is refused at its
/// first row, so a projection changed without its reader fails every test that reads it instead of mixing columns up.
/// </summary>
public sealed class RowReader<T>(IReadOnlyList<string> columns, Func<DbDataReader, T> read)
{
    public T Read(DbDataReader reader) => read(reader);

    /// <summary>Throws unless the statement's columns are <see cref="RowReader{T}"/>'s, in its order.</summary>
    public void Check(DbDataReader reader)
    {
        var actual = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        if (!actual.SequenceEqual(columns, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"The reader of {typeof(T).Name} reads the columns {string.Join(", ", columns)}; the statement has {string.Join(", ", actual)}.");
        }
    }
}

/// <summary>Column reads the row readers share, the same on both engines.</summary>
public static class DbValues
{
    /// <summary>
    /// A stored UTC time. SQLite keeps it as text, which Microsoft.Data.Sqlite reads with the general
    /// <see cref="DateTime.Parse(string, IFormatProvider)"/> (~0.4 µs, a list page reads sixty): its own format is read
    /// directly, anything else as before.
    /// </summary>
    public static DateTime Utc(DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader && SqliteDateText.TryParse(reader.GetString(ordinal), out var parsed) ? parsed
            : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? UtcOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Utc(reader, ordinal);

    public static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64OrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int? Int32OrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static DateOnly? DateOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);

    /// <summary>A choice stored as its name (CrmDbContext's EnumTextConverter).</summary>
    public static T Choice<T>(DbDataReader reader, int ordinal)
        where T : struct, Enum =>
        Domain.Common.EnumText<T>.TryParse(reader.GetString(ordinal), out var value)
            ? value
            : throw new InvalidOperationException($"Unknown {typeof(T).Name} '{reader.GetString(ordinal)}' in the database.");

    public static T? ChoiceOrNull<T>(DbDataReader reader, int ordinal)
        where T : struct, Enum =>
        reader.IsDBNull(ordinal) ? null : Choice<T>(reader, ordinal);
}

/// <summary>The text Microsoft.Data.Sqlite writes for a DateTime: <c>yyyy-MM-dd HH:mm:ss</c>, then <c>.</c> and 1–7 digits of the second unless it has none.</summary>
public static class SqliteDateText
{
    /// <summary>Reads that text as UTC; false for any other text (then the general parser reads it).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length is < 19 or 20 or > 27
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || (text.Length > 19 && text[19] != '.'))
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var ticks = 0;
        if (text.Length > 19)
        {
            var fraction = text[20..];
            if (!Digits(fraction, out ticks))
            {
                return false;
            }

            for (var i = fraction.Length; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
