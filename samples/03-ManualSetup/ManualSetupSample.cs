using Immuta.Client.Testing;

namespace Immuta.Client.Samples.ManualSetup;

/// <summary>The manual-setup sample, callable from a test.</summary>
public static class ManualSetupSample
{
    /// <summary>Writes the setup scripts to <paramref name="folder"/>, creates the integration, then writes its removal script.</summary>
    /// <param name="folder">Where the SQL files go.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="polling">The polling schedule; <see langword="null"/> for the SDK's defaults.</param>
    /// <returns>0 on success.</returns>
    public static async Task<int> RunAsync(string folder, TextWriter output, PollingOptions? polling = null)
    {
        Directory.CreateDirectory(folder);
        var url = Environment.GetEnvironmentVariable("IMMUTA_URL");
        var options = new ImmutaClientOptions { Polling = polling ?? new PollingOptions() };
        await using var fake = string.IsNullOrWhiteSpace(url) ? FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 }) : null;
        using var client = fake?.CreateClient(options)
            ?? new ImmutaClient(new Uri(url!), new ImmutaApiKeyCredential(Environment.GetEnvironmentVariable("IMMUTA_API_KEY") ?? string.Empty), options);

        var definition = new RedshiftIntegration
        {
            AutoBootstrap = false,
            Config = new RedshiftConfig
            {
                Host = "organization.aws.amazon.com",
                Database = "immuta",
                InitialDatabase = "REDSHIFT_SAMPLE_DATA",
                AuthenticationType = AuthenticationType.UserPassword,
                Username = "immuta_system",
                Password = Environment.GetEnvironmentVariable("REDSHIFT_PASSWORD") ?? "demo-password",
            },
        };
        definition.EnsureValid(IntegrationRequestKind.InitialCreateScript);

        var scripts = client.Integrations.Scripts;
        var first = Path.Combine(folder, "1-initial-create.sql");
        await (await scripts.InitialCreateAsync(definition).ConfigureAwait(false)).SaveAsync(first).ConfigureAwait(false);
        await output.WriteLineAsync($"1. Wrote {Path.GetFileName(first)}: run it on Redshift as a superuser").ConfigureAwait(false);

        var second = Path.Combine(folder, "2-create.sql");
        await (await scripts.CreateAsync(definition).ConfigureAwait(false)).SaveAsync(second).ConfigureAwait(false);
        await output.WriteLineAsync($"2. Wrote {Path.GetFileName(second)}: run it next").ConfigureAwait(false);

        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition).ConfigureAwait(false);
        await output.WriteLineAsync($"3. Created Redshift integration {created.Id} with the same definition: {created.Status}").ConfigureAwait(false);

        var removal = Path.Combine(folder, "3-remove.sql");
        await (await scripts.DeleteAsync(created.Id).ConfigureAwait(false)).SaveAsync(removal).ConfigureAwait(false);
        await output.WriteLineAsync($"4. Wrote {Path.GetFileName(removal)}: the script that removes Immuta's objects when the integration goes").ConfigureAwait(false);
        return 0;
    }
}
