using System.Text.Json;
using Immuta.Client.Serialization;
using Refit;

// Cold start of Refit alone: the first-call program's baseline (tests/Immuta.Client.AotSmoke, --first-call-baseline) with
// the request made by a Refit client of its own (generated code, default settings) instead of by hand. The gap between
// this and the baseline is what the SDK's wire layer costs before the SDK does anything of its own (BENCHMARKS.md).
if (args is not [var url])
{
    Console.Error.WriteLine("usage: Immuta.Client.RefitFirstCall <url>");
    return 2;
}

using var http = new HttpClient { BaseAddress = new Uri(url) };
var api = RestService.ForGenerated<IFirstCallApi>(http, new RefitSettings());
using var response = await api.GetAsync("123456789", "cold-start-key", CancellationToken.None);
response.EnsureSuccessStatusCode();
await using var body = await response.Content.ReadAsStreamAsync();
var integration = await JsonSerializer.DeserializeAsync(body, ImmutaJsonContext.Default.Integration);
Console.WriteLine($"first call completed: {integration!.Id}");
return 0;

/// <summary>The SDK's GET of one integration, as the SDK's own Refit interface declares it.</summary>
[Headers("Accept: application/json")]
internal interface IFirstCallApi
{
    [Get("/integrations/{id}")]
    Task<HttpResponseMessage> GetAsync(string id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}
