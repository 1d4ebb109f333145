using Crm.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tags;

/// <summary>
/// What the 标签管理 page asks before it changes every customer: whether a rename is really a merge (the new
/// name is already on some customer, so RenameTag folds the two together) and how many customers are affected.
/// </summary>
public static class TagAdminText
{
    /// <summary>The name as the handler will store it (trimmed), or null when nothing usable was typed.</summary>
    public static string? Target(string? typed) => Crm.Domain.Common.Text.Clean(typed);

    /// <summary>Renaming onto a name some customer already carries merges the two tags.</summary>
    public static bool IsMerge(IEnumerable<TagUsageDto> catalogue, string from, string? to) =>
        Target(to) is { } target && target != from && catalogue.Any(t => t.TagName == target && t.CustomerCount > 0);

    public static string RenameConfirmation(IStringLocalizer<UiText> l, IEnumerable<TagUsageDto> catalogue, TagUsageDto tag, string? to)
    {
        var target = Target(to) ?? string.Empty;
        var list = catalogue as IReadOnlyCollection<TagUsageDto> ?? catalogue.ToList();
        if (IsMerge(list, tag.TagName, target))
        {
            var existing = list.First(t => t.TagName == target).CustomerCount;
            return l["TagAdmin_MergeConfirm", tag.TagName, target, tag.CustomerCount, existing].Value;
        }

        return l["TagAdmin_RenameConfirm", tag.TagName, target, tag.CustomerCount].Value;
    }

    public static string DeleteConfirmation(IStringLocalizer<UiText> l, TagUsageDto tag) =>
        l["TagAdmin_DeleteConfirm", tag.TagName, tag.CustomerCount].Value;

    /// <summary>The customer list filtered to the tag.</summary>
    public static string CustomersLink(string tagName) => "/customers?tag=" + Uri.EscapeDataString(tagName);
}
