using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Immuta.Client.Benchmarks;

/// <summary>
/// A Kestrel server on 127.0.0.1 in a process of its own: GET /integrations/{id} answers the 2 KB integration, GET
/// /integrations/{id}/status a status. The benchmark host starts it once and passes its URL to the benchmark processes
/// in <see cref="UrlVariable"/>.
/// </summary>
internal static class LoopbackServer
{
    public const string UrlVariable = "IMMUTA_BENCHMARK_LOOPBACK_URL";
    public const string ServeCommand = "serve-loopback";

    /// <summary>The URL of the running server, from the environment.</summary>
    public static Uri Url => new(Environment.GetEnvironmentVariable(UrlVariable)
        ?? throw new InvalidOperationException($"{UrlVariable} is not set: run the benchmarks through Program (dotnet run), which starts the server."));

    /// <summary>Runs the server in this process until it is killed; prints its URL on the first line.</summary>
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var integration = Bodies.OneIntegration;
        var status = """{"id":123456789,"status":"enabled"}"""u8.ToArray();
        app.MapGet("/integrations/{id}", (HttpContext context) => Write(context, integration));
        app.MapGet("/integrations/{id}/status", (HttpContext context) => Write(context, status));
        await app.StartAsync().ConfigureAwait(false);
        Console.WriteLine(app.Urls.First());
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static Task Write(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }

    /// <summary>Starts the server as a child process of this one; disposing the result stops it.</summary>
    public static Running Start()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(LoopbackServer).Assembly.Location);
        start.ArgumentList.Add(ServeCommand);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The loopback server did not start.");
        var url = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The loopback server exited before printing its URL.");
        return new Running(process, url);
    }

    /// <summary>A running server process and its URL.</summary>
    public sealed class Running(Process process, string url) : IDisposable
    {
        public string Url { get; } = url;

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    /// <summary>The value at quantile <paramref name="p"/> (0 to 1] of an ascending array.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
