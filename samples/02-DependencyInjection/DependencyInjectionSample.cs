using Immuta.Client.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Immuta.Client.Samples.DependencyInjection;

/// <summary>The generic-host sample, callable from a test.</summary>
public static class DependencyInjectionSample
{
    /// <summary>Builds the host, resolves the client and runs a create-and-wait.</summary>
    /// <param name="contentRoot">Where appsettings.json is.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="fastPolling">Polls every few milliseconds (for tests).</param>
    /// <returns>0 on success.</returns>
    public static async Task<int> RunAsync(string contentRoot, TextWriter output, bool fastPolling = false)
    {
        await using var fake = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("IMMUTA_URL"))
            ? FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 })
            : null;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, Args = [] });
        builder.Logging.ClearProviders();
        if (fake is not null)
        {
            // In place of the tenant: what IMMUTA_URL / IMMUTA_API_KEY (or user secrets) would give in real use.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Immuta:Url"] = fake.Uri.ToString(),
                ["Immuta:ApiKey"] = fake.ApiKey,
                ["Immuta:Polling:InitialDelay"] = fastPolling ? "00:00:00.010" : null,
                ["Immuta:Polling:MinimumInterval"] = fastPolling ? "00:00:00" : null,
            });
        }

        builder.Services.AddImmutaClient();
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false); // settings are validated here: a bad one stops the host with its name

        var integrations = host.Services.GetRequiredService<IntegrationsClient>();
        await output.WriteLineAsync($"Resolved IntegrationsClient for {host.Services.GetRequiredService<ImmutaClient>().Endpoint}").ConfigureAwait(false);
        var operation = await integrations.CreateAsync(ImmutaWaitUntil.Completed, new DatabricksIntegration
        {
            AutoBootstrap = true,
            Config = new DatabricksConfig
            {
                WorkspaceUrl = "www.example-workspace.cloud.databricks.com",
                HttpPath = "sql/protocolv1/o/0/0000-00000-abc123",
                Catalog = "immuta",
                AuthenticationType = AuthenticationType.Token,
                Token = Environment.GetEnvironmentVariable("DATABRICKS_TOKEN") ?? "dapi-demo-token",
            },
        }).ConfigureAwait(false);
        await output.WriteLineAsync($"Created Databricks integration {operation.Id}: {operation.Status}").ConfigureAwait(false);
        await output.WriteLineAsync($"Integrations now: {(await integrations.ListAsync().ConfigureAwait(false)).Count}").ConfigureAwait(false);
        await host.StopAsync().ConfigureAwait(false);
        return 0;
    }
}
