using System.Diagnostics;
using System.Net;
using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>The fake as a standalone process (<c>fake-immuta --port N</c>), reached by a plain HTTP client as curl would.</summary>
public sealed class StandaloneHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The host built beside this test assembly, in the same configuration.</summary>
    private static string HostDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(Examples.RepositoryRoot(), "src", "Immuta.Client.Testing.Host", "bin", configuration, "net10.0", "fake-immuta.dll");
    }

    [Fact]
    public async Task Host_StartedAsProcess_PrintsUrlAndKeyAndServesTheDocsCurl()
    {
        var dll = HostDll();
        Assert.True(File.Exists(dll), $"The host was not built: {dll}");
        // Port 0: the host binds a port the system gives it and prints it (a port chosen here could be taken before it binds).
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--port", "0", "--api-key", "curl-key", "--settle-after", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
            var second = await process.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);
            const string Listening = "Fake Immuta listening on ";
            Assert.StartsWith(Listening + "http://127.0.0.1:", first, StringComparison.Ordinal);
            var url = new Uri(first![Listening.Length..]);
            Assert.NotEqual(0, url.Port);
            Assert.Equal("API key: curl-key", second);

            using var http = new HttpClient { BaseAddress = url };
            using var create = new HttpRequestMessage(HttpMethod.Post, "/integrations")
            {
                Content = new StringContent(Examples.Read("post-integrations.snowflake.userPassword.request.json"), Encoding.UTF8, "application/json"),
            };
            create.Headers.TryAddWithoutValidation("Authorization", "curl-key");
            using var created = await http.SendAsync(create, Ct);
            using var status = new HttpRequestMessage(HttpMethod.Get, "/integrations/1/status");
            status.Headers.TryAddWithoutValidation("Authorization", "curl-key");
            using var polled = await http.SendAsync(status, Ct);

            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Equal("""{"id":1,"status":"enabled"}""", await polled.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Host_UnknownOption_ExitsWithUsageError()
    {
        var dll = HostDll();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--bogus"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;

        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("unknown or incomplete option '--bogus'", error, StringComparison.Ordinal);
    }
}
