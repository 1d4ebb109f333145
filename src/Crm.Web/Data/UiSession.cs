namespace Crm.Web.Data;

/// <summary>
/// A signed-in browser. The session cookie names it (<c>sid</c>) and every request with that cookie checks that the
/// row is still there; signing out deletes it, so the old cookie stops working at once on every instance.
/// </summary>
public sealed class UiSession
{
    public required string Id { get; set; }
    public long UserId { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>
    /// The user's security stamp this session is valid for (decision 0053): a changed stamp ends every session whose row
    /// still holds the old one, and a password change moves only the changing session's row to the new stamp.
    /// </summary>
    public string SecurityStamp { get; set; } = string.Empty;
}
