using System.Reflection;
using JobHub.Runtime.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Harness;

/// <summary>Diagnostics for a call that timed out: prints the private scheduling state of each activation that has work left.</summary>
internal static class StuckCallReport
{
    public static void Print(BenchSilo silo, Exception error)
    {
        Console.Error.WriteLine($"Call timed out: {error.Message}");
        var catalog = silo.Services.GetRequiredService<Catalog>();
        var pending = silo.Services.GetRequiredService<JobHub.Runtime.Messaging.PendingCalls>();
        var calls = (System.Collections.Concurrent.ConcurrentDictionary<long, JobHub.Runtime.Messaging.Message>)typeof(JobHub.Runtime.Messaging.PendingCalls)
            .GetField("_calls", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(pending)!;
        Console.Error.WriteLine($"  pending calls: {calls.Count}");
        foreach (var message in calls.Values.Take(5))
        {
            var current = catalog.TryGet(message.Target, out var a) ? a : null;
            var completed = (message.Response as TaskCompletionSource<int>)?.Task.Status.ToString();
            Console.Error.WriteLine($"  {message}: owner {(message.Owner is null ? "none" : message.Owner.State.ToString())}, same as catalog's {ReferenceEquals(message.Owner, current)}, " +
                $"invocation {message.Invocation?.Status}, reroutes {message.Reroutes}, response {completed}, age {TimeSpan.FromTicks((System.Diagnostics.Stopwatch.GetTimestamp() - message.SentTimestamp) / 100)}");
        }

        var fields = typeof(Activation).GetFields(BindingFlags.Instance | BindingFlags.NonPublic);
        foreach (var activation in catalog.Activations)
        {
            var values = fields.ToDictionary(f => f.Name, f => f.GetValue(activation));
            var inbox = ((Queue<object>)values["_inbox"]!).Count;
            var waiting = (values["_waiting"] as Queue<Turn>)?.Count ?? 0;
            var running = (int)values["_running"]!;
            if (inbox > 0 || waiting > 0 || running > 0)
            {
                Console.Error.WriteLine($"  {activation.GrainId}: state {activation.State}, inbox {inbox}, waiting {waiting}, running {running}, " +
                    $"scheduled {values["_scheduled"]}, pumping {values["_pumping"]}, deactivation {values["_deactivationRequested"]}");
            }
        }
    }
}
