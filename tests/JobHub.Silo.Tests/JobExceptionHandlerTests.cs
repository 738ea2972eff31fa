using System.Text.Json;
using JobHub.Grains.Jobs;
using JobHub.Runtime;
using JobHub.Silo.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Silo.Tests;

/// <summary>What an API caller receives for each error a grain call can end with (a status it can act on, never a bare 500).</summary>
public sealed class JobExceptionHandlerTests
{
    public static TheoryData<Exception, int> Errors => new()
    {
        { new JobNotFoundException("job-1"), StatusCodes.Status404NotFound },
        { new JobOperationException("already ended"), StatusCodes.Status409Conflict },
        { new ArgumentException("bad"), StatusCodes.Status400BadRequest },
        { new GrainCallTimeoutException("no answer", []), StatusCodes.Status504GatewayTimeout },
        { new UnknownOutcomeException("the silo died", new IOException("connection reset")), StatusCodes.Status503ServiceUnavailable },
        { new SiloUnavailableException("declared dead"), StatusCodes.Status503ServiceUnavailable },
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
