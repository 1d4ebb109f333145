using Crm.Domain.Common;
using Crm.Web.Data;

namespace Crm.Web.Features.Tags;

/// <summary>One tag on one customer (SPEC §2.3).</summary>
public sealed record CustomerTagDto(long Id, long CustomerId, string TagName, DateTimeOffset CreatedAt)
{
    public static CustomerTagDto From(CustomerTag tag, BusinessTime time) =>
        new(tag.Id, tag.CustomerId, tag.TagName, time.ToBusiness(tag.CreatedAt));
}

/// <summary>How many tag rows an operation over many customers created, removed or renamed.</summary>
public sealed record AffectedDto(int Affected);
