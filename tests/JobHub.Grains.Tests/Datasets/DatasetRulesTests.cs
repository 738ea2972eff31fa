using JobHub.Contracts.Datasets;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.Grains.Datasets;

namespace JobHub.Grains.Tests.Datasets;

/// <summary>The documented rules: dataset names, the datasets a job spec names, and the settings.</summary>
public sealed class DatasetRulesTests
{
    [Theory]
    [InlineData("data.csv")]
    [InlineData("A-b_c.2")]
    [InlineData("x")]
    public void GoodName_IsAccepted(string name) => Assert.Null(DatasetNames.NameProblem(name));

    [Theory]
    [InlineData("", "needs a name")]
    [InlineData("..", "start with '.'")]
    [InlineData("a..b", "'..'")]
    [InlineData(".env", "start with '.'")]
    [InlineData("a/b", "'/'")]
    [InlineData("../../etc/passwd", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("tab\tname", "U+0009")]
    [InlineData("nul\0", "U+0000")]
    [InlineData("bidi\u202Ename", "U+202E")]
    public void BadName_IsRefused_SayingWhy(string name, string why) => Assert.Contains(why, DatasetNames.NameProblem(name), StringComparison.Ordinal);

    [Fact]
    public void NameOver128Characters_IsRefused() =>
        Assert.Contains("at most 128", DatasetNames.NameProblem(new string('a', 129)), StringComparison.Ordinal);

    [Fact]
    public void JobSpecDatasets_AreCheckedForShapeCountAndDuplicates()
    {
        var spec = new JobSpec { Name = "j", Command = "true", NodeType = "local" };
        Assert.False(JobSpecValidator.Validate(spec with { Datasets = ["mine.csv", "bob/theirs.csv"] }, null).Errors.ContainsKey("datasets"));

        var errors = JobSpecValidator.Validate(spec with { Datasets = ["../x", "bob/a", "alice/a", "Bad User/x"] }, null).Errors["datasets"];
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.Contains("Two datasets are named 'a'", StringComparison.Ordinal));

        var many = JobSpecValidator.Validate(spec with { Datasets = [.. Enumerable.Range(0, 33).Select(i => $"d{i}")] }, null).Errors["datasets"];
        Assert.Contains("at most 32", many[0], StringComparison.Ordinal);
    }

    [Fact]
    public void BadSettings_AreReportedByName()
    {
        var options = new DatasetsOptions { MaxDatasetBytes = 0, DefaultQuotaBytes = -1, MaxDatasetsPerUser = 0, UserQuotaBytes = { ["Not A User"] = -5 } };
        var failures = new DatasetsOptionsValidator().Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("DatasetsOptions.MaxDatasetBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DatasetsOptions.DefaultQuotaBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DatasetsOptions.MaxDatasetsPerUser", StringComparison.Ordinal));
        Assert.Equal(2, failures.Count(f => f.StartsWith("DatasetsOptions.UserQuotaBytes", StringComparison.Ordinal)));
        Assert.True(new DatasetsOptionsValidator().Validate(null, new DatasetsOptions()).Succeeded);
    }
}
