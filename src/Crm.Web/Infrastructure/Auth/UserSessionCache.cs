using System.Collections.Concurrent;
using Crm.Domain.Users;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>What the session check needs of a user: whether they may still sign in, and who they are now.</summary>
public sealed record SessionUser(long Id, bool IsActive, UserRole Role, string SecurityStamp, string DisplayName, string Username);

/// <summary>
/// Keeps the session check's read of a user for a few seconds (Auth:SessionCheckSeconds, default 2; 0 turns it
/// off), so that a burst of API calls does not re-read the same row each time. Every change made through this
/// instance (deactivation, password reset, role or name change) drops the entry at once; another instance sharing
/// the PostgreSQL database sees such a change within the lifetime of an entry (decision 0003).
/// </summary>
public sealed class UserSessionCache(TimeProvider clock, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<long, (SessionUser User, long ExpiresTicks)> _entries = new();
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Auth:SessionCheckSeconds", 2.0)));
    private long _generation;

    /// <summary>Taken before reading the database, handed to <see cref="Store"/> after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(long userId, out SessionUser user)
    {
        if (_entries.TryGetValue(userId, out var entry) && clock.GetUtcNow().UtcTicks < entry.ExpiresTicks)
        {
            user = entry.User;
            return true;
        }

        user = null!;
        return false;
    }

    /// <summary>Keeps a read unless a change was announced since <paramref name="generation"/> (the read may predate it).</summary>
    public void Store(SessionUser user, long generation)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var entry = (user, (clock.GetUtcNow() + _lifetime).UtcTicks);
        _entries[user.Id] = entry;
        if (Generation != generation)
        {
            _entries.TryRemove(new KeyValuePair<long, (SessionUser, long)>(user.Id, entry));
        }
    }

    /// <summary>Call after a user's row changed: the next request of that user reads it again.</summary>
    public void Invalidate(long userId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(userId, out _);
    }
}
