using Immuta.Client.Testing;

namespace Immuta.Client.Samples.Quickstart;

/// <summary>The quickstart, callable from a test with a faster schedule.</summary>
public static class QuickstartSample
{
    /// <summary>Runs the life cycle and prints each step with the statuses it passed through.</summary>
    /// <param name="output">Where to print.</param>
    /// <param name="polling">The polling schedule; <see langword="null"/> for the SDK's defaults.</param>
    /// <returns>The process exit code: 0 on success.</returns>
    public static async Task<int> RunAsync(TextWriter output, PollingOptions? polling = null)
    {
        var url = Environment.GetEnvironmentVariable("IMMUTA_URL");
        var apiKey = Environment.GetEnvironmentVariable("IMMUTA_API_KEY");
        FakeImmutaServer? fake = null;
        ImmutaClient client;
        var options = new ImmutaClientOptions { Polling = polling ?? new PollingOptions(), ApplicationId = "immuta-quickstart" };
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(apiKey))
        {
            fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 2 });
            client = fake.CreateClient(options);
            await output.WriteLineAsync($"Using a fake Immuta at {fake.Uri} (set IMMUTA_URL and IMMUTA_API_KEY to use a real tenant).").ConfigureAwait(false);
        }
        else
        {
            client = new ImmutaClient(new Uri(url), new ImmutaApiKeyCredential(apiKey), options);
            await output.WriteLineAsync($"Using the Immuta tenant at {client.Endpoint}.").ConfigureAwait(false);
        }

        try
        {
            await RunLifecycleAsync(client.Integrations, output).ConfigureAwait(false);
            return 0;
        }
        catch (ImmutaException error)
        {
            await output.WriteLineAsync($"Failed: {error.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            client.Dispose();
            if (fake is not null)
            {
                await fake.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task RunLifecycleAsync(IntegrationsClient integrations, TextWriter output)
    {
        var definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig
            {
                Host = Setting("SNOWFLAKE_HOST", "organization.us-east-1.snowflakecomputing.com"),
                Warehouse = Setting("SNOWFLAKE_WAREHOUSE", "SAMPLE_WAREHOUSE"),
                Database = Setting("SNOWFLAKE_DATABASE", "SNOWFLAKE_SAMPLE_DATA"),
                AuthenticationType = AuthenticationType.UserPassword,
                Username = Setting("SNOWFLAKE_USER", "taylor@snowflake.com"),
                Password = Setting("SNOWFLAKE_PASSWORD", "abc1234"),
                Role = Setting("SNOWFLAKE_ROLE", "ACCOUNTADMIN"),
            },
        };
        definition.EnsureValid();

        var check = await integrations.ValidateAsync(definition).ConfigureAwait(false);
        await output.WriteLineAsync($"1. Validate (dry run): {check.ValidationResults?.Status} ({check.ValidationResults?.ValidationTests?.Count ?? 0} checks)").ConfigureAwait(false);

        var created = await integrations.CreateAsync(ImmutaWaitUntil.Started, definition).ConfigureAwait(false);
        var seen = await WaitAsync(created.Status, progress => created.WaitForCompletionAsync(null, progress)).ConfigureAwait(false);
        await output.WriteLineAsync($"2. Create integration {created.Id}: {seen}").ConfigureAwait(false);

        var integration = await integrations.GetAsync(created.Id).ConfigureAwait(false);
        var config = ((SnowflakeIntegration)integration.Definition).Config!;
        await output.WriteLineAsync($"3. Get: {integration.Status} on {config.Host}:{config.Port}, password {(config.Password?.IsRedacted == true ? "redacted by the server" : "***")}").ConfigureAwait(false);

        var all = await integrations.ListAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"4. List: {all.Count} integration(s): {string.Join(", ", all.Select(i => $"{i.Id} {i.Type} {i.Status}"))}").ConfigureAwait(false);

        var audited = definition with { Config = definition.Config with { Audit = new AuditSettings { Enabled = true } } };
        var updated = await integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, audited).ConfigureAwait(false);
        seen = await WaitAsync(updated.Status, progress => updated.WaitForCompletionAsync(null, progress)).ConfigureAwait(false);
        await output.WriteLineAsync($"5. Update (enable query audit): {seen}").ConfigureAwait(false);

        var status = await integrations.GetStatusAsync(created.Id).ConfigureAwait(false);
        await output.WriteLineAsync($"6. Status: {status.Status}").ConfigureAwait(false);

        var credentials = new SnowflakeDeleteCredentials
        {
            AuthenticationType = AuthenticationType.UserPassword,
            Username = definition.Config.Username,
            Password = definition.Config.Password,
            Role = definition.Config.Role,
        };
        var deleted = await integrations.DeleteAsync(ImmutaWaitUntil.Started, created.Id, new DeleteIntegrationOptions { Credentials = credentials }).ConfigureAwait(false);
        seen = await WaitAsync(deleted.Status, progress => deleted.WaitForCompletionAsync(null, progress)).ConfigureAwait(false);
        await output.WriteLineAsync($"7. Delete: {seen}").ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for an operation (a create or update, or a delete, which has no value) and returns the statuses it passed
    /// through, such as <c>creating → enabled</c>.
    /// </summary>
    private static async Task<string> WaitAsync(IntegrationStatus? first, Func<IProgress<IntegrationOperationProgress>, Task> wait)
    {
        var statuses = new List<string> { first?.ToString() ?? "unknown" };
        var progress = new ImmediateProgress(p =>
        {
            if (statuses[^1] != p.Status.ToString())
            {
                statuses.Add(p.Status.ToString());
            }
        });
        await wait(progress).ConfigureAwait(false);
        return string.Join(" → ", statuses);
    }

    private static string Setting(string name, string fallback)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private sealed class ImmediateProgress(Action<IntegrationOperationProgress> report) : IProgress<IntegrationOperationProgress>
    {
        public void Report(IntegrationOperationProgress value) => report(value);
    }
}
