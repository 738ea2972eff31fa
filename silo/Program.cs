using JobHub.Silo.Hosting;
using Microsoft.Extensions.Options;

// Settings ship beside the binary; relative paths in them (the data folder) are taken from the working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
try
{
    builder.AddJobHubSilo();
}
catch (OptionsValidationException bad)
{
    await Console.Error.WriteLineAsync("JobHub cannot start; fix these settings (docs/operations.md):");
    foreach (var failure in bad.Failures)
    {
        await Console.Error.WriteLineAsync("  - " + failure);
    }

    return 2;
}

var app = builder.Build();
app.MapJobHubSilo();
await app.RunAsync();
return 0;

/// <summary>The silo's entry point; public so in-process API tests can host it.</summary>
public partial class Program;
