namespace JobHub.Runtime;

/// <summary>A registered durable reminder.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }

    DateTimeOffset FirstTickTime { get; }

    TimeSpan Period { get; }
}
