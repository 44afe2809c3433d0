using Immuta.Client.Samples.DependencyInjection;
using Immuta.Client.Samples.ErrorHandling;
using Immuta.Client.Samples.ManualSetup;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Samples;

/// <summary>Samples 02, 03 and 05 run in-process against the fake, and print what they should.</summary>
public sealed class MoreSampleTests
{
    private static string[] Lines(StringWriter output) => output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static void RequireNoTenant()
        => Assert.SkipUnless(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("IMMUTA_URL")), "IMMUTA_URL is set: the sample would use the live tenant.");

    [Fact]
    public async Task DependencyInjection_GenericHost_ResolvesAndCreates()
    {
        RequireNoTenant();
        using var output = new StringWriter();

        Assert.Equal(0, await DependencyInjectionSample.RunAsync(AppContext.BaseDirectory, output, fastPolling: true));

        var lines = Lines(output);
        Assert.StartsWith("Resolved IntegrationsClient for http://127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.Equal(["Created Databricks integration 1: enabled", "Integrations now: 1"], lines[1..]);
    }

    [Fact]
    public async Task ManualSetup_Redshift_WritesScriptsAndCreates()
    {
        RequireNoTenant();
        var folder = Directory.CreateTempSubdirectory("immuta-manual-").FullName;
        using var output = new StringWriter();
        try
        {
            Assert.Equal(0, await ManualSetupSample.RunAsync(folder, output, TestBackend.FastPolling));

            Assert.Equal(4, Lines(output).Length);
            Assert.Contains("initial-create script for Redshift", File.ReadAllText(Path.Combine(folder, "1-initial-create.sql")), StringComparison.Ordinal);
            Assert.Contains("CREATE DATABASE IF NOT EXISTS immuta;", File.ReadAllText(Path.Combine(folder, "2-create.sql")), StringComparison.Ordinal);
            Assert.Contains("DROP DATABASE IF EXISTS immuta;", File.ReadAllText(Path.Combine(folder, "3-remove.sql")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ErrorHandling_EachFailure_SurfacesAsDocumented()
    {
        using var output = new StringWriter();

        Assert.Equal(0, await ErrorHandlingSample.RunAsync(output, TestBackend.FastPolling));

        Assert.Equal(
        [
            "1. Refused before sending: config.host: is required",
            "2. Conflict: Snowflake integration already exists on host acme.snowflakecomputing.com (id = 1) → existing id 1",
            "   CreateOrAdoptAsync: integration 1, adopted = True",
            "3. Busy: Unable to edit integration with ID 1 in current state editing.",
            "4. GET after a 503 and a 429: enabled (2 failed attempts retried)",
            "5. Create failed with createError: Validate Automatic Bootstrap User Grants: MANAGE GRANTS is missing",
            "6. GET /integrations/424242 failed with 404 (Not found): No Integration found with ID 424242.",
            "7. Refused by Immuta (422): Processing Error: Error trying to get the current metastore info.",
        ], Lines(output));
    }
}
