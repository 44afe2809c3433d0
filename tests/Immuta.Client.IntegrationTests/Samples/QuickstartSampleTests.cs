using Immuta.Client.Samples.Quickstart;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Samples;

/// <summary>The README's first command, run in-process against the fake with a fast schedule.</summary>
public sealed class QuickstartSampleTests
{
    [Fact]
    public async Task Quickstart_NoTenant_PrintsEachStepWithItsStatuses()
    {
        Assert.SkipUnless(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("IMMUTA_URL")), "IMMUTA_URL is set: the quickstart would use the live tenant.");
        using var output = new StringWriter();

        var exitCode = await QuickstartSample.RunAsync(output, TestBackend.FastPolling);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Using a fake Immuta at http://127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.Equal(
        [
            "1. Validate (dry run): passed (6 checks)",
            "2. Create integration 1: creating → enabled",
            "3. Get: enabled on organization.us-east-1.snowflakecomputing.com:443, password redacted by the server",
            "4. List: 1 integration(s): 1 Snowflake enabled",
            "5. Update (enable query audit): editing → enabled",
            "6. Status: enabled",
            "7. Delete: deleting → deleted",
        ], lines[1..]);
        Assert.DoesNotContain("abc1234", output.ToString(), StringComparison.Ordinal);
    }
}
