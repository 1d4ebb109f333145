using System.Linq.Expressions;
using Crm.Domain.Common;
using Crm.Domain.Transfers;
using Crm.Web.Data;

namespace Crm.Web.Features.Transfers;

/// <summary>A transfer request as the API returns it (issue 9); the *_name fields are for people reading the queue.</summary>
public sealed record TransferRequestDto(
    long Id,
    long? CustomerId,
    string CustomerName,
    string CustomerCode,
    long FromUserId,
    string? FromUserName,
    long ToUserId,
    string? ToUserName,
    string? Reason,
    string Status,
    long RequestedBy,
    string? RequestedByName,
    DateTimeOffset RequestedAt,
    long? DecidedBy,
    string? DecidedByName,
    DateTimeOffset? DecidedAt,
    string? Comment);

/// <summary>The columns of one request with the names of the people involved, read in one query.</summary>
public sealed class TransferRequestRow
{
    public long Id { get; init; }
    public long? CustomerId { get; init; }
    public string CustomerName { get; init; } = "";
    public string CustomerCode { get; init; } = "";
    public long FromUserId { get; init; }
    public string? FromUserName { get; init; }
    public long ToUserId { get; init; }
    public string? ToUserName { get; init; }
    public string? Reason { get; init; }
    public TransferStatus Status { get; init; }
    public long RequestedBy { get; init; }
    public string? RequestedByName { get; init; }
    public DateTime RequestedAt { get; init; }
    public long? DecidedBy { get; init; }
    public string? DecidedByName { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? Comment { get; init; }

    /// <summary>Needs the users table for the names; <paramref name="users"/> is the context's Users set.</summary>
    public static Expression<Func<TransferRequest, TransferRequestRow>> Projection(IQueryable<User> users) => t => new TransferRequestRow
    {
        Id = t.Id,
        CustomerId = t.CustomerId,
        CustomerName = t.CustomerNameSnapshot,
        CustomerCode = t.CustomerCodeSnapshot,
        FromUserId = t.FromUserId,
        FromUserName = users.Where(u => u.Id == t.FromUserId).Select(u => u.DisplayName).FirstOrDefault(),
        ToUserId = t.ToUserId,
        ToUserName = users.Where(u => u.Id == t.ToUserId).Select(u => u.DisplayName).FirstOrDefault(),
        Reason = t.Reason,
        Status = t.Status,
        RequestedBy = t.RequestedById,
        RequestedByName = users.Where(u => u.Id == t.RequestedById).Select(u => u.DisplayName).FirstOrDefault(),
        RequestedAt = t.RequestedAt,
        DecidedBy = t.DecidedById,
        DecidedByName = users.Where(u => u.Id == t.DecidedById).Select(u => u.DisplayName).FirstOrDefault(),
        DecidedAt = t.DecidedAt,
        Comment = t.Comment,
    };

    public TransferRequestDto ToDto(BusinessTime time) => new(
        Id,
        CustomerId,
        CustomerName,
        CustomerCode,
        FromUserId,
        FromUserName,
        ToUserId,
        ToUserName,
        Reason,
        EnumText<TransferStatus>.Name(Status),
        RequestedBy,
        RequestedByName,
        time.ToBusiness(RequestedAt),
        DecidedBy,
        DecidedByName,
        DecidedAt is { } decided ? time.ToBusiness(decided) : null,
        Comment);
}
