using JobHub.Silo.Hosting;

// Settings ship beside the binary; relative paths in them (the data folder) are taken from the working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddJobHubSilo();

var app = builder.Build();
app.MapJobHubSilo();
app.Run();

/// <summary>The silo's entry point; public so in-process API tests can host it.</summary>
public partial class Program;
