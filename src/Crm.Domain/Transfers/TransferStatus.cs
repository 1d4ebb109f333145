namespace Crm.Domain.Transfers;

/// <summary>A transfer request waits (pending) until an admin approves or rejects it, or its requester withdraws it.</summary>
public enum TransferStatus
{
    Pending,
    Approved,
    Rejected,
    Cancelled,
}
