namespace Crm.Web.Infrastructure;

public static class DbRetry
{
    /// <summary>
    /// Runs a unit of work (which opens its own context and transaction) again when it lost a race that a
    /// unique index caught, so that the caller sees the outcome of a clean second try instead of a 500.
    /// </summary>
    public static async Task<T> WhenRaceLostAsync<T>(Func<Task<T>> once, Func<Exception, bool> lostRace, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await once();
            }
            catch (Exception ex) when (attempt < attempts && lostRace(ex))
            {
            }
        }
    }
}
