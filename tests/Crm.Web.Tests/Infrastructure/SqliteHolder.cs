using Microsoft.Data.Sqlite;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>Another connection holding a SQLite file, as another process or instance would.</summary>
internal static class SqliteHolder
{
    /// <summary>
    /// Runs <paramref name="begin"/> (which opens a transaction) on a connection of its own and returns once it holds
    /// the file; the returned task commits and closes that connection after <paramref name="holdFor"/>.
    /// </summary>
    public static async Task<Task> HoldAsync(string file, string begin, TimeSpan holdFor)
    {
        var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = begin;
            await command.ExecuteNonQueryAsync();
        }

        return Task.Run(async () =>
        {
            await Task.Delay(holdFor);
            await using (var commit = holder.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync();
            }

            await holder.DisposeAsync();
        });
    }
}
