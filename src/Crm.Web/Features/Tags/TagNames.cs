using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Tags;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

internal static class TagNames
{
    public const int MaxPerRequest = 50;

    /// <summary>
    /// A list of tag names: every one valid or the whole request is refused (SPEC §4.1); repeated names
    /// collapse, the first spelling's position is kept.
    /// </summary>
    public static IReadOnlyList<string> Many(IReadOnlyList<string>? values, string field, ValidationErrors errors)
    {
        if (values is null || values.Count == 0)
        {
            errors.Add(field, Messages.Format("FieldRequired", Messages.Get("Label_TagNames")));
            return [];
        }

        var names = new List<string>();
        foreach (var value in values)
        {
            var name = TagRules.Name(value, field, errors);
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        if (names.Count > MaxPerRequest)
        {
            errors.Add(field, Messages.Format("TooManyItems", Messages.Get("Label_TagNames"), MaxPerRequest.ToString(CultureInfo.InvariantCulture)));
        }

        return names;
    }
}
