using JobHub.Contracts.Datasets;
using JobHub.Contracts.Jobs;

namespace JobHub.Contracts.Validation;

/// <summary>The rules for <see cref="JobSpec.Datasets"/> (field <c>datasets</c>).</summary>
public static partial class JobSpecValidator
{
    /// <summary>
    /// At most <see cref="DatasetNames.MaxDatasetsPerJob"/> entries, each <c>name</c> or <c>owner/name</c>
    /// (<see cref="DatasetNames.ReferenceProblem"/>), and no two with the same name: each becomes <c>datasets/{name}</c>
    /// in the job's working folder. Whether the submitter may read them is checked by the silo at submit.
    /// </summary>
    private static void ValidateDatasets(JobSpec spec, ErrorList errors)
    {
        if (spec.Datasets.IsDefaultOrEmpty)
        {
            return;
        }

        if (spec.Datasets.Length > DatasetNames.MaxDatasetsPerJob)
        {
            errors.Add("datasets", $"A job may name at most {DatasetNames.MaxDatasetsPerJob} datasets (it names {spec.Datasets.Length}).");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in spec.Datasets)
        {
            if (DatasetNames.ReferenceProblem(reference) is { } problem)
            {
                errors.Add("datasets", problem);
            }
            else if (!names.Add(DatasetNames.NameOf(reference)))
            {
                errors.Add("datasets", $"Two datasets are named '{TextRules.Show(DatasetNames.NameOf(reference))}': each one becomes datasets/{{name}} in the job's working folder, so names must differ.");
            }
        }
    }
}
