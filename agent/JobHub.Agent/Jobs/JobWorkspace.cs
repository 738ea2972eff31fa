namespace JobHub.Agent.Jobs;

/// <summary>The folders and files of one job on a node (all absolute paths).</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Root">The job's folder: <c>{WorkRoot}/{jobId}</c>.</param>
/// <param name="WorkDirectory">Where processes start and the code bundle is unpacked: <c>{Root}/work</c>.</param>
/// <param name="ResultsSummaryFile">The summary file the master may write: <c>{Root}/results/summary.json</c>.</param>
/// <param name="UploadDirectory">Files here are uploaded as results: <c>{Root}/results/upload</c>.</param>
public sealed record JobWorkspace(string JobId, string Root, string WorkDirectory, string ResultsSummaryFile, string UploadDirectory);
