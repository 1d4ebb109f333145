using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Web.Infrastructure;

/// <summary>page and page_size of a paged list (SPEC §4.1): page ≥ 1, page_size 1–100, default 20; never clamped.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public static PageRequest Parse(IQueryCollection query, ValidationErrors errors) => new(
        QueryValues.Int(query, "page", 1, int.MaxValue, () => Messages.PageInvalid, errors) ?? 1,
        QueryValues.Int(query, "page_size", 1, MaxPageSize, () => Messages.PageSizeInvalid, errors) ?? 20);
}
