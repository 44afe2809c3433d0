using System.Text.Json;
using Immuta.Client;
using Immuta.Client.Serialization;

// Cold start (measured by the benchmarks' cold-start command): one client, one GET, one line, as early as possible.
if (args is ["--first-call", var sdkUrl])
{
    using var first = new ImmutaClient(new Uri(sdkUrl), new ImmutaApiKeyCredential("cold-start-key"));
    var integration = await first.Integrations.GetAsync("123456789");
    Console.WriteLine($"first call completed: {integration.Id}");
    return 0;
}

// The same with the hand-written baseline: HttpClient and source-generated JSON into the same model.
if (args is ["--first-call-baseline", var baselineUrl])
{
    using var http = new HttpClient { BaseAddress = new Uri(baselineUrl) };
    using var request = new HttpRequestMessage(HttpMethod.Get, "/integrations/123456789");
    request.Headers.TryAddWithoutValidation("Authorization", "cold-start-key");
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    var integration = await JsonSerializer.DeserializeAsync(body, ImmutaJsonContext.Default.Integration);
    Console.WriteLine($"first call completed: {integration!.Id}");
    return 0;
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Immuta.Client.AotSmoke <url> <api-key> | --first-call <url> | --first-call-baseline <url>");
    return 2;
}

// A method of its own: the first-call modes above compile only the lines they run (the cold-start benchmark times them).
return await SmokeAsync(args[0], args[1]);

// Every public operation of the SDK, run as a Native AOT binary against the fake Immuta the test started
// (its URL and key are the arguments). Any trim or AOT problem fails the publish (warnings are errors) or this run.
static async Task<int> SmokeAsync(string url, string apiKey)
{
    var options = new ImmutaClientOptions
    {
        Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MinimumInterval = TimeSpan.Zero },
        Retry = new ImmutaRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
    };
    using var client = new ImmutaClient(new Uri(url), new ImmutaApiKeyCredential(apiKey), options);
    var integrations = client.Integrations;
    var snowflake = IntegrationDefinitionFile.Parse("""
        type: Snowflake
        autoBootstrap: false
        config:
          host: aot.snowflakecomputing.com
          warehouse: WH
          database: DB
          authenticationType: userPassword
          username: u
          password: aot-password
        """);
    snowflake.EnsureValid();
    Check(ImmutaJson.Deserialize<IntegrationDefinition>(ImmutaJson.Serialize(snowflake)).Type == IntegrationType.Snowflake, "JSON round trip");
    Check(ImmutaYaml.Deserialize<IntegrationDefinition>(ImmutaYaml.Serialize(snowflake)).Type == IntegrationType.Snowflake, "YAML round trip");

    var validated = await integrations.ValidateAsync(snowflake);
    var script = await integrations.Scripts.CreateAsync(snowflake);
    var created = await integrations.CreateAsync(ImmutaWaitUntil.Completed, snowflake);
    var fetched = await integrations.GetAsync(created.Id);
    var all = await integrations.ListAsync();
    var status = await integrations.GetStatusAsync(created.Id);
    var edit = await integrations.Scripts.EditAsync(created.Id, snowflake);
    var updated = await integrations.UpdateAsync(ImmutaWaitUntil.Completed, created.Id, snowflake);
    var removal = await integrations.Scripts.DeleteAsync(created.Id);
    var checkDelete = await integrations.ValidateDeleteAsync(created.Id);
    var deleted = await integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id);
    var trino = await integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, new TrinoIntegration());
    var key = await integrations.RegenerateKeyAsync(trino.Id);
    var statuses = new List<IntegrationStatus>();
    await foreach (var seen in integrations.WatchStatusAsync(trino.Id))
    {
        statuses.Add(seen);
    }

    Check(validated.ValidationResults?.Status == ValidationStatus.Passed, "validate");
    Check(script.Text.Length > 0 && edit.Text.Length > 0 && removal.Text.Length > 0, "scripts");
    Check(fetched.Definition is SnowflakeIntegration { Config.Password.IsRedacted: true }, "get");
    Check(all.Count >= 1 && status.Status == IntegrationStatus.Enabled && updated.HasCompleted, "list, status, update");
    Check(checkDelete.ValidationResults is not null && deleted.HasCompleted, "delete");
    Check(key.NewKey is not null && statuses[^1] == IntegrationStatus.Enabled, "regenerate and watch");
    try
    {
        await integrations.GetAsync("987654");
        Check(false, "not found");
    }
    catch (ImmutaNotFoundException)
    {
    }

    Console.WriteLine($"AOT smoke passed: {created.Id} {fetched.Type} {updated.Status} {deleted.Status} {trino.Id}");
    return 0;
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"AOT smoke check failed: {what}");
    }
}
