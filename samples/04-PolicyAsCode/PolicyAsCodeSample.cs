using Immuta.Client.Testing;

namespace Immuta.Client.Samples.PolicyAsCode;

/// <summary>Applies a folder of YAML integration definitions; callable from a test.</summary>
public static class PolicyAsCodeSample
{
    /// <summary>Applies every <c>*.yaml</c> file in <paramref name="folder"/> twice: the second run finds nothing to create.</summary>
    /// <param name="folder">The folder of definitions.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="polling">The polling schedule; <see langword="null"/> for the SDK's defaults.</param>
    /// <returns>0 on success, 1 when an integration could not be applied, 2 when a file is not valid.</returns>
    public static async Task<int> RunAsync(string folder, TextWriter output, PollingOptions? polling = null)
    {
        // The sample's placeholders get demo values unless the environment has real ones.
        Func<string, string?> variables = name => Environment.GetEnvironmentVariable(name) ?? $"demo-{name.ToLowerInvariant()}";
        var url = Environment.GetEnvironmentVariable("IMMUTA_URL");
        var options = new ImmutaClientOptions { Polling = polling ?? new PollingOptions() };
        await using var fake = string.IsNullOrWhiteSpace(url) ? FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 }) : null;
        using var client = fake?.CreateClient(options)
            ?? new ImmutaClient(new Uri(url!), new ImmutaApiKeyCredential(Environment.GetEnvironmentVariable("IMMUTA_API_KEY") ?? string.Empty), options);
        await output.WriteLineAsync(fake is null ? $"Applying to {client.Endpoint}" : $"Applying to a fake Immuta at {fake.Uri}").ConfigureAwait(false);

        var definitions = new List<(string File, IntegrationDefinition Definition)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                var definition = await IntegrationDefinitionFile.LoadAsync(file, variables).ConfigureAwait(false);

                // Warnings are reported and the file is applied (Immuta decides); errors stop the run before anything is sent.
                var findings = definition.Validate();
                foreach (var warning in findings.Where(f => !f.IsError))
                {
                    await output.WriteLineAsync($"{Path.GetFileName(file)}: warning: {warning} [{warning.Source}]").ConfigureAwait(false);
                }

                if (findings.Any(f => f.IsError))
                {
                    throw new IntegrationValidationException(findings);
                }

                definitions.Add((Path.GetFileName(file), definition));
            }
            catch (Exception error) when (error is IntegrationValidationException or ImmutaSerializationException)
            {
                await output.WriteLineAsync($"{Path.GetFileName(file)}: {error.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        try
        {
            for (var run = 1; run <= 2; run++)
            {
                await output.WriteLineAsync($"Run {run}:").ConfigureAwait(false);
                foreach (var (file, definition) in definitions)
                {
                    await output.WriteLineAsync($"  {file}: {await ApplyAsync(client.Integrations, definition).ConfigureAwait(false)}").ConfigureAwait(false);
                }
            }

            return 0;
        }
        catch (ImmutaException error)
        {
            await output.WriteLineAsync($"Failed: {error.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<string> ApplyAsync(IntegrationsClient integrations, IntegrationDefinition definition)
    {
        // CreateOrAdopt: create it, or take over the integration Immuta says already exists on that host (409 … (id = N)).
        // A disabled (force-disabled) one is not taken over: the ImmutaConflictException says so and what to do.
        var operation = await integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, definition).ConfigureAwait(false);
        if (!operation.WasAdopted)
        {
            return $"created {definition.Type} integration {operation.Id}: {operation.Status}";
        }

        var updated = await integrations.UpdateAsync(ImmutaWaitUntil.Completed, operation.Id, definition).ConfigureAwait(false);
        return $"updated existing {definition.Type} integration {operation.Id}: {updated.Status}";
    }
}
