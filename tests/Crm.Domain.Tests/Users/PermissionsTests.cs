using Crm.Domain.Users;

namespace Crm.Domain.Tests.Users;

/// <summary>Every permission decision for an admin, the owner, another salesperson (SPEC §3.6, §3.7, §4.1).</summary>
public class PermissionsTests
{
    private const long OwnerId = 10;
    private const long OtherId = 20;
    private const long AdminId = 1;

    private static readonly Actor Admin = new(AdminId, UserRole.Admin, "管理员");
    private static readonly Actor Owner = new(OwnerId, UserRole.Sales, "张三");
    private static readonly Actor Other = new(OtherId, UserRole.Sales, "李四");

    public enum Who
    {
        Admin,
        Owner,
        Other,
    }

    private static Actor Of(Who who) => who switch
    {
        Who.Admin => Admin,
        Who.Owner => Owner,
        _ => Other,
    };

    public static TheoryData<Who, bool> SeeAndEdit => new()
    {
        { Who.Admin, true },
        { Who.Owner, true },
        { Who.Other, false },
    };

    [Theory]
    [MemberData(nameof(SeeAndEdit))]
    public void Only_admins_and_the_owner_see_and_edit_a_customer(Who who, bool expected)
    {
        Assert.Equal(expected, Permissions.MaySee(Of(who), OwnerId));
        Assert.Equal(expected, Permissions.MayEdit(Of(who), OwnerId));
    }

    [Theory]
    [InlineData(Who.Admin, true)]
    [InlineData(Who.Owner, false)]
    [InlineData(Who.Other, false)]
    public void Only_admins_see_everything_decide_transfers_reassign_and_manage_users_and_the_tag_catalogue(Who who, bool expected)
    {
        var actor = Of(who);
        Assert.Equal(expected, Permissions.SeesEverything(actor));
        Assert.Equal(expected, Permissions.MayDecideTransfer(actor));
        Assert.Equal(expected, Permissions.MayReassign(actor));
        Assert.Equal(expected, Permissions.MayManageUsers(actor));
        Assert.Equal(expected, Permissions.MayManageTagCatalogue(actor));
    }

    public static TheoryData<Who, long, long, OwnerChange> OwnerChanges => new()
    {
        // Naming the current owner changes nothing, whoever sends it.
        { Who.Admin, OwnerId, OwnerId, OwnerChange.Keep },
        { Who.Owner, OwnerId, OwnerId, OwnerChange.Keep },
        { Who.Other, OwnerId, OwnerId, OwnerChange.Keep },

        // An admin moves directly, to anyone, from anyone.
        { Who.Admin, OwnerId, OtherId, OwnerChange.Apply },
        { Who.Admin, OwnerId, AdminId, OwnerChange.Apply },

        // The owning salesperson asks; the request waits for an admin.
        { Who.Owner, OwnerId, OtherId, OwnerChange.Request },
        { Who.Owner, OwnerId, AdminId, OwnerChange.Request },

        // Nobody else: not another salesperson, not even to themselves.
        { Who.Other, OwnerId, OtherId, OwnerChange.Forbidden },
        { Who.Other, OwnerId, AdminId, OwnerChange.Forbidden },
    };

    [Theory]
    [MemberData(nameof(OwnerChanges))]
    public void Naming_another_owner_is_applied_requested_or_forbidden(Who who, long current, long requested, OwnerChange expected) =>
        Assert.Equal(expected, Permissions.OwnerChangeOf(Of(who), current, requested));

    [Theory]
    [InlineData(Who.Admin, OwnerId, true)]
    [InlineData(Who.Admin, OtherId, true)]
    [InlineData(Who.Owner, OwnerId, true)]
    [InlineData(Who.Owner, OtherId, false)]
    [InlineData(Who.Owner, AdminId, false)]
    public void A_salesperson_creates_customers_only_for_themselves(Who who, long ownerId, bool expected) =>
        Assert.Equal(expected, Permissions.MayCreateFor(Of(who), ownerId));

    [Theory]
    [InlineData(Who.Admin, OwnerId, true)]
    [InlineData(Who.Owner, OwnerId, true)]
    [InlineData(Who.Other, OwnerId, false)]
    [InlineData(Who.Other, OtherId, true)]
    public void A_follow_up_is_changed_by_its_author_or_an_admin(Who who, long authorId, bool expected) =>
        Assert.Equal(expected, Permissions.MayChangeFollowUp(Of(who), authorId));

    [Theory]
    [InlineData(Who.Owner, OwnerId, true)]
    [InlineData(Who.Other, OwnerId, false)]
    [InlineData(Who.Admin, OwnerId, false)]
    public void Only_the_requester_withdraws_a_transfer_request(Who who, long requestedBy, bool expected) =>
        Assert.Equal(expected, Permissions.MayCancelTransfer(Of(who), requestedBy));

    [Theory]
    [InlineData(Who.Admin, OwnerId, true)]
    [InlineData(Who.Admin, AdminId, false)]
    [InlineData(Who.Owner, OtherId, false)]
    [InlineData(Who.Owner, OwnerId, false)]
    public void An_admin_deactivates_anyone_but_themselves(Who who, long userId, bool expected) =>
        Assert.Equal(expected, Permissions.MayDeactivate(Of(who), userId));

    [Theory]
    [InlineData(Who.Admin, OwnerId, UserRole.Admin, true)]
    [InlineData(Who.Admin, OwnerId, UserRole.Sales, true)]
    [InlineData(Who.Admin, AdminId, UserRole.Admin, true)]
    [InlineData(Who.Admin, AdminId, UserRole.Sales, false)]
    [InlineData(Who.Owner, OwnerId, UserRole.Admin, false)]
    [InlineData(Who.Owner, OtherId, UserRole.Sales, false)]
    public void An_admin_gives_any_role_but_cannot_demote_themselves(Who who, long userId, UserRole role, bool expected) =>
        Assert.Equal(expected, Permissions.MayChangeRole(Of(who), userId, role));
}
