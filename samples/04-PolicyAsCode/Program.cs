using Immuta.Client.Samples.PolicyAsCode;

// Integrations as code: every YAML file in integrations/ is loaded, validated offline, and applied (created, or updated
// when an integration of that platform already exists on that host), against a fake Immuta started here or a real
// tenant when IMMUTA_URL and IMMUTA_API_KEY are set.
return await PolicyAsCodeSample.RunAsync(Path.Combine(AppContext.BaseDirectory, "integrations"), Console.Out);
