namespace Crm.Web.Features.Backups;

/// <summary>One backup file as the API lists it; verified: the app wrote and checked it (recorded in backup_runs).</summary>
public sealed record BackupDto(string Name, long Size, DateTimeOffset CreatedAt, bool Verified, string Engine);

/// <summary>What the 数据备份 page shows around the list.</summary>
public sealed record BackupStatusDto(
    string Engine,
    string Directory,
    string Schedule,
    DateTimeOffset? NextScheduledAt,
    int Keep,
    BackupRunningDto? Running,
    BackupFailureDto? LastFailure,
    string? ToolProblem,
    string RestoreCommand);

public sealed record BackupRunningDto(string Kind, DateTimeOffset StartedAt, long BytesWritten);

public sealed record BackupFailureDto(DateTimeOffset At, string Kind, string Reason);
