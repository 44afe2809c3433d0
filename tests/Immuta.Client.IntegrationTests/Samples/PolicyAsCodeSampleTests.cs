using Immuta.Client.Samples.PolicyAsCode;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Samples;

/// <summary>The policy-as-code sample applies its YAML files against the fake: created on the first run, updated on the second.</summary>
public sealed class PolicyAsCodeSampleTests
{
    [Fact]
    public async Task PolicyAsCode_TwoRuns_CreatesThenUpdates()
    {
        Assert.SkipUnless(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("IMMUTA_URL")), "IMMUTA_URL is set: the sample would use the live tenant.");
        using var output = new StringWriter();

        var exitCode = await PolicyAsCodeSample.RunAsync(Path.Combine(AppContext.BaseDirectory, "integrations"), output, TestBackend.FastPolling);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exitCode);
        Assert.Equal(
        [
            "Run 1:",
            "  databricks.yaml: created Databricks integration 1: enabled",
            "  snowflake.yaml: created Snowflake integration 2: enabled",
            "Run 2:",
            "  databricks.yaml: updated existing Databricks integration 1: enabled",
            "  snowflake.yaml: updated existing Snowflake integration 2: enabled",
        ], lines[1..]);
    }
}
