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
    public static TheoryData<Exception, int> Errors => new()
    {
        { new JobNotFoundException("job-1"), StatusCodes.Status404NotFound },
        { new JobOperationException("already ended"), StatusCodes.Status409Conflict },
        { new ArgumentException("bad"), StatusCodes.Status400BadRequest },
        { new JobAccessDeniedException("job-1", "mallory", "stop"), StatusCodes.Status403Forbidden },
        { new TimeoutException("Response did not arrive on time in 00:00:30"), StatusCodes.Status504GatewayTimeout },
        { new SiloUnavailableException("The target silo became unavailable for message"), StatusCodes.Status503ServiceUnavailable },
        { new Orleans.Storage.InconsistentStateException("ETag mismatch", "5", "4"), StatusCodes.Status503ServiceUnavailable },
        { new Microsoft.Data.Sqlite.SqliteException("database is locked", 5), StatusCodes.Status503ServiceUnavailable },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Error_BecomesProblemDetailsWithItsStatusAndMessage(Exception error, int status)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new JobExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>());

        Assert.True(await handler.TryHandleAsync(context, error, CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(error.Message, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedError_IsLeftToTheDefaultHandler()
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new JobExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>());
        Assert.False(await handler.TryHandleAsync(new DefaultHttpContext { RequestServices = services }, new InvalidOperationException("bug"), CancellationToken.None));
    }
}
