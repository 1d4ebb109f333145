namespace Crm.Domain.Users;

/// <summary>What a request to change a customer's owner (负责销售) turns into (SPEC §3.7, §4.1).</summary>
public enum OwnerChange
{
    /// <summary>The requested owner is the current one: nothing to do.</summary>
    Keep,

    /// <summary>An admin changes the owner directly.</summary>
    Apply,

    /// <summary>The owning salesperson asks; an admin must approve.</summary>
    Request,

    /// <summary>Nobody else may move the customer (a salesperson outside their scope never gets this far: 404).</summary>
    Forbidden,
}

/// <summary>
/// Who may do what (SPEC §3.6, §3.7, §4.1), as pure decisions over the acting user and the facts of one record. The
/// API handlers and the pages both ask here, so no rule is written twice; the queries that filter lists in the
/// database follow <see cref="SeesEverything"/> and <see cref="MaySee"/>.
/// </summary>
public static class Permissions
{
    /// <summary>Admins see every customer and everything that hangs off it; a salesperson only their own.</summary>
    public static bool SeesEverything(Actor actor) => actor.IsAdmin;

    /// <summary>May see a customer (and its contacts, tags and follow-ups) owned by <paramref name="ownerId"/>.</summary>
    public static bool MaySee(Actor actor, long ownerId) => SeesEverything(actor) || ownerId == actor.UserId;

    /// <summary>May edit or delete such a customer and its contacts and tags: whoever may see it.</summary>
    public static bool MayEdit(Actor actor, long ownerId) => MaySee(actor, ownerId);

    /// <summary>May create a customer for <paramref name="ownerId"/>: a salesperson only for themselves.</summary>
    public static bool MayCreateFor(Actor actor, long ownerId) => actor.IsAdmin || ownerId == actor.UserId;

    /// <summary>What naming <paramref name="requestedOwnerId"/> as the owner of a customer owned by <paramref name="currentOwnerId"/> does.</summary>
    public static OwnerChange OwnerChangeOf(Actor actor, long currentOwnerId, long requestedOwnerId)
    {
        if (requestedOwnerId == currentOwnerId)
        {
            return OwnerChange.Keep;
        }

        if (actor.IsAdmin)
        {
            return OwnerChange.Apply;
        }

        return currentOwnerId == actor.UserId ? OwnerChange.Request : OwnerChange.Forbidden;
    }

    /// <summary>Approving or rejecting a transfer request is an admin's job.</summary>
    public static bool MayDecideTransfer(Actor actor) => actor.IsAdmin;

    /// <summary>Only the person who asked may withdraw a request (an admin rejects instead).</summary>
    public static bool MayCancelTransfer(Actor actor, long requestedById) => requestedById == actor.UserId;

    /// <summary>Moving customers in bulk (all of one person's, or a selection) is for admins.</summary>
    public static bool MayReassign(Actor actor) => actor.IsAdmin;

    /// <summary>Listing, creating and changing users is for admins.</summary>
    public static bool MayManageUsers(Actor actor) => actor.IsAdmin;

    /// <summary>Renaming a tag or removing it from every customer touches others' customers: admins only.</summary>
    public static bool MayManageTagCatalogue(Actor actor) => actor.IsAdmin;

    /// <summary>A follow-up record is changed by its author; an admin may change any (SPEC §4.1).</summary>
    public static bool MayChangeFollowUp(Actor actor, long authorId) => actor.IsAdmin || authorId == actor.UserId;

    /// <summary>An admin may deactivate anyone but themselves (nobody could then sign in to undo it).</summary>
    public static bool MayDeactivate(Actor actor, long userId) => MayManageUsers(actor) && userId != actor.UserId;

    /// <summary>An admin may give anyone any role, except take the admin role from themselves.</summary>
    public static bool MayChangeRole(Actor actor, long userId, UserRole newRole) =>
        MayManageUsers(actor) && (userId != actor.UserId || newRole == UserRole.Admin);
}
