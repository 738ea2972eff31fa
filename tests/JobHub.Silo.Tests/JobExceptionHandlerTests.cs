using System.Text.Json;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Silo.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace JobHub.Silo.Tests;

/// <summary>What an API caller receives for each error a grain call can end with (a status it can act on, never a bare 500).</summary>
public sealed class JobExceptionHandlerTests
{
    public static TheoryData<Exception, int, string> Errors => new()
    {
        { new JobNotFoundException("job-1"), StatusCodes.Status404NotFound, "job-1" },
        { new JobOperationException("already ended"), StatusCodes.Status409Conflict, "already ended" },
        { new JobRequestRejectedException("duration", "at most 30 days"), StatusCodes.Status400BadRequest, "duration: at most 30 days" },
        { new JobAccessDeniedException("job-1", "mallory", "stop"), StatusCodes.Status403Forbidden, "mallory" },
        { new TimeoutException("Response did not arrive on time in 00:00:30"), StatusCodes.Status504GatewayTimeout, "Response did not arrive" },
        { new SiloUnavailableException("The target silo became unavailable for message"), StatusCodes.Status503ServiceUnavailable, "became unavailable" },
        { new Orleans.Storage.InconsistentStateException("ETag mismatch", "5", "4"), StatusCodes.Status503ServiceUnavailable, "ETag mismatch" },

        // The database's own message names its server and user: the caller is told only to retry.
        { new Microsoft.Data.Sqlite.SqliteException("database is locked", 5), StatusCodes.Status503ServiceUnavailable, "retry" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Error_BecomesProblemDetailsWithItsStatusAndMessage(Exception error, int status, string detail)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = Handler(services);

        Assert.True(await handler.TryHandleAsync(context, error, CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("database is locked", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(OverflowException))]
    public async Task UnexpectedError_IsLeftToTheDefaultHandler_AsALogged500(Type bug)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = Handler(services);
        Assert.False(await handler.TryHandleAsync(new DefaultHttpContext { RequestServices = services }, (Exception)Activator.CreateInstance(bug, "bug")!, CancellationToken.None));
    }

    private static JobExceptionHandler Handler(IServiceProvider services) =>
        new(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobExceptionHandler>>());
}
