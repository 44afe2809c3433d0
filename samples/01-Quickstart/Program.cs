using Immuta.Client.Samples.Quickstart;

// A Snowflake integration's whole life cycle: validate, create and wait, get, list, update and wait, status, delete
// and wait. Against a fake Immuta started here, or a real tenant when IMMUTA_URL and IMMUTA_API_KEY are set.
return await QuickstartSample.RunAsync(Console.Out);
