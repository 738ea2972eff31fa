using JobHub.Contracts.Secrets;

namespace JobHub.Client;

/// <summary>
/// Secrets: values kept encrypted by JobHub in a namespace (<c>user:alice</c>, <c>project:ml</c>, <c>group:site:physics</c>),
/// written and read by those the namespace belongs to, and read by jobs with their job token (<see cref="GetJobSecretAsync(string, CancellationToken)"/>).
/// Namespaces, names and values are checked before sending (<see cref="SecretNames"/>).
/// </summary>
public sealed partial class JobHubClient
{
    /// <summary>The variable JobHub sets in every job process to its job id.</summary>
    public const string JobIdVariable = "JOBHUB_JOB_ID";

    /// <summary>The variable JobHub sets in every job process to its job token.</summary>
    public const string JobTokenVariable = "JOBHUB_JOB_TOKEN";

    /// <summary>The variable JobHub sets in every job process to the API address.</summary>
    public const string ApiUrlVariable = "JOBHUB_API_URL";

    /// <summary>Stores (or replaces) secret <paramref name="name"/> of <paramref name="secretNamespace"/>; the answer never holds the value.</summary>
    /// <exception cref="JobHubValidationException">The namespace, name or value breaks a rule (1–128 of A-Z a-z 0-9 _ - ., 1 byte to 64 KiB); nothing was sent.</exception>
    /// <exception cref="JobHubApiException">403 when the caller may not use the namespace.</exception>
    public Task<SecretInfo> SetSecretAsync(string secretNamespace, string name, string value, CancellationToken cancellationToken = default)
    {
        var path = SecretPath(secretNamespace, name, SecretNames.ValueProblem(value));
        return SendAsync<SecretInfo>(HttpMethod.Put, path, new SetSecretRequest(value), cancellationToken);
    }

    /// <summary>The secrets of a namespace: names, when and by whom they were written; never values.</summary>
    /// <exception cref="JobHubApiException">403 when the caller may not use the namespace.</exception>
    public async Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(string secretNamespace, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("namespace", NamespaceProblem(secretNamespace)));
        return await SendAsync<List<SecretInfo>>(HttpMethod.Get, "api/v1/secrets/" + Uri.EscapeDataString(secretNamespace), null, cancellationToken);
    }

    /// <summary>A secret with its value (<see cref="SecretValue.ToString"/> leaves the value out).</summary>
    /// <exception cref="JobHubApiException">403 when the caller may not use the namespace; 404 when it holds no such secret.</exception>
    public Task<SecretValue> GetSecretAsync(string secretNamespace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<SecretValue>(HttpMethod.Get, SecretPath(secretNamespace, name, null), null, cancellationToken);

    /// <summary>Deletes a secret.</summary>
    /// <exception cref="JobHubApiException">403 when the caller may not use the namespace; 404 when it holds no such secret.</exception>
    public async Task DeleteSecretAsync(string secretNamespace, string name, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Delete, SecretPath(secretNamespace, name, null), null);
        using var response = await SendForStreamAsync(request, cancellationToken);
    }

    /// <summary>
    /// The value of secret <paramref name="name"/> for the job this process belongs to: inside a JobHub job (the
    /// <c>JOBHUB_JOB_ID</c>, <c>JOBHUB_JOB_TOKEN</c> and <c>JOBHUB_API_URL</c> variables set) it is read with the job token
    /// from the job owner's namespace, else from the job's project's; outside JobHub it is the environment variable
    /// <paramref name="name"/>, so the same program runs on a laptop.
    /// </summary>
    /// <exception cref="JobHubValidationException">The name breaks the rules; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 when neither namespace holds the secret; 403 when the owner may no longer read it.</exception>
    /// <exception cref="KeyNotFoundException">Outside JobHub, when no environment variable of that name is set.</exception>
    public static Task<string> GetJobSecretAsync(string name, CancellationToken cancellationToken = default) =>
        GetJobSecretAsync(name, Environment.GetEnvironmentVariable, cancellationToken);

    /// <summary><see cref="GetJobSecretAsync(string, CancellationToken)"/> with the environment read through <paramref name="environment"/>.</summary>
    internal static async Task<string> GetJobSecretAsync(string name, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        RequestChecks.ThrowIfAny(("name", SecretNames.NameProblem(name)));
        var jobId = environment(JobIdVariable);
        var token = environment(JobTokenVariable);
        var api = environment(ApiUrlVariable);
        if (string.IsNullOrEmpty(jobId) || string.IsNullOrEmpty(token) || !Uri.TryCreate(api, UriKind.Absolute, out var address))
        {
            return environment(name) ?? throw new KeyNotFoundException(
                $"Secret '{name}': this process is not a JobHub job ({JobIdVariable}, {JobTokenVariable} and {ApiUrlVariable} are not all set) and no environment variable '{name}' is set.");
        }

        using var client = new JobHubClient(address, token);
        var secret = await client.SendAsync<SecretValue>(HttpMethod.Get, JobPath(jobId) + "/secrets/" + Uri.EscapeDataString(name), null, cancellationToken);
        return secret.Value;
    }

    private static string SecretPath(string secretNamespace, string name, string? valueProblem)
    {
        RequestChecks.ThrowIfAny(("namespace", NamespaceProblem(secretNamespace)), ("name", SecretNames.NameProblem(name)), ("value", valueProblem));
        return "api/v1/secrets/" + Uri.EscapeDataString(secretNamespace) + "/" + Uri.EscapeDataString(name);
    }

    private static string? NamespaceProblem(string? secretNamespace)
    {
        SecretNames.ParseNamespace(secretNamespace, out var problem);
        return problem;
    }
}
