using Immuta.Client.Samples.DependencyInjection;

// The generic host with AddImmutaClient(): settings from appsettings.json's "Immuta" section, the API key from
// IMMUTA_API_KEY (never in the file). Without IMMUTA_URL a fake Immuta is started and put in place of the tenant.
return await DependencyInjectionSample.RunAsync(AppContext.BaseDirectory, Console.Out);
