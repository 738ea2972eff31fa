namespace JobHub.Runtime.Reminders;

internal sealed record GrainReminder(string ReminderName, DateTimeOffset FirstTickTime, TimeSpan Period) : IGrainReminder;
