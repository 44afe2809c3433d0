using System.Net;
using Immuta.Client.Testing;

namespace Immuta.Client.Samples.ErrorHandling;

/// <summary>The error-handling sample, callable from a test.</summary>
public static class ErrorHandlingSample
{
    /// <summary>Runs each failure and prints how it surfaced.</summary>
    /// <param name="output">Where to print.</param>
    /// <param name="polling">The polling schedule; <see langword="null"/> for the SDK's defaults.</param>
    /// <returns>0 when every failure surfaced as expected.</returns>
    public static async Task<int> RunAsync(TextWriter output, PollingOptions? polling = null)
    {
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1 });
        using var client = fake.CreateClient(new ImmutaClientOptions
        {
            Polling = polling ?? new PollingOptions(),
            Retry = new ImmutaRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(50) },
        });
        var integrations = client.Integrations;
        var snowflake = new SnowflakeIntegration
        {
            AutoBootstrap = false,
            Config = new SnowflakeConfig
            {
                Warehouse = "WH",
                Database = "IMMUTA",
                AuthenticationType = AuthenticationType.KeyPair,
                Username = "IMMUTA_SYSTEM",
                PrivateKey = "-----BEGIN PRIVATE KEY-----\nMIIB...\n-----END PRIVATE KEY-----",
            },
        };

        // 1. Local validation: an error (host is required, Immuta's field table says so) is refused before anything is
        //    sent, each listed with its field path; warnings would only be reported.
        try
        {
            await integrations.CreateAsync(ImmutaWaitUntil.Started, snowflake).ConfigureAwait(false);
        }
        catch (IntegrationValidationException error)
        {
            await output.WriteLineAsync($"1. Refused before sending: {string.Join("; ", error.Errors)}").ConfigureAwait(false);
        }

        snowflake = snowflake with { Config = snowflake.Config with { Host = "acme.snowflakecomputing.com" } };
        var first = await integrations.CreateAsync(ImmutaWaitUntil.Completed, snowflake).ConfigureAwait(false);

        // 2. A second integration on the same host: 409 with the existing id, which CreateOrAdoptAsync turns into an operation.
        try
        {
            await integrations.CreateAsync(ImmutaWaitUntil.Started, snowflake).ConfigureAwait(false);
        }
        catch (ImmutaConflictException conflict)
        {
            await output.WriteLineAsync($"2. Conflict: {conflict.ServerMessage} → existing id {conflict.ExistingIntegrationId}").ConfigureAwait(false);
        }

        var adopted = await integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, snowflake).ConfigureAwait(false);
        await output.WriteLineAsync($"   CreateOrAdoptAsync: integration {adopted.Id}, adopted = {adopted.WasAdopted}").ConfigureAwait(false);

        // 3. Editing an integration that is still editing: 409 without an id.
        await integrations.UpdateAsync(ImmutaWaitUntil.Started, first.Id, snowflake).ConfigureAwait(false);
        try
        {
            await integrations.UpdateAsync(ImmutaWaitUntil.Started, first.Id, snowflake).ConfigureAwait(false);
        }
        catch (ImmutaConflictException busy)
        {
            await output.WriteLineAsync($"3. Busy: {busy.ServerMessage}").ConfigureAwait(false);
        }

        // 4. Transient failures: GET is retried (jittered backoff, Retry-After honoured); a create never is.
        fake.InjectFaults(FakeFault.ServerError(503));
        fake.InjectFaults(FakeFault.TooManyRequests(TimeSpan.FromMilliseconds(100)));
        var status = await integrations.GetStatusAsync(first.Id).ConfigureAwait(false);
        await output.WriteLineAsync($"4. GET after a 503 and a 429: {status.Status} ({fake.Journal.Count(r => r.StatusCode is 503 or 429)} failed attempts retried)").ConfigureAwait(false);

        // 5. An integration that settles in an error status: the exception carries the status and the failed checks.
        fake.FailNext(IntegrationOperationKind.Create, "Validate Automatic Bootstrap User Grants", "MANAGE GRANTS is missing");
        try
        {
            await integrations.CreateAsync(ImmutaWaitUntil.Completed, new TrinoIntegration()).ConfigureAwait(false);
        }
        catch (ImmutaOperationFailedException failed)
        {
            var check = failed.ValidationResults?.FailedTests.First();
            await output.WriteLineAsync($"5. {failed.Kind} failed with {failed.Status}: {check?.Name}: {check?.Message}").ConfigureAwait(false);
        }

        // 6. Not found, with the server's message.
        try
        {
            await integrations.GetAsync("424242").ConfigureAwait(false);
        }
        catch (ImmutaNotFoundException missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            await output.WriteLineAsync($"6. {missing.Message}").ConfigureAwait(false);
        }

        // 7. Immuta refuses the request as invalid (400, 422): ImmutaRequestRejectedException, with the server's messages
        //    in Errors. Not step 1's IntegrationValidationException: that one is local, and nothing was sent.
        fake.RejectNext(FakeRequestKind.Create, HttpStatusCode.UnprocessableEntity, "Processing Error: Error trying to get the current metastore info.");
        try
        {
            await integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration()).ConfigureAwait(false);
        }
        catch (ImmutaRequestRejectedException rejected)
        {
            await output.WriteLineAsync($"7. Refused by Immuta ({(int)rejected.StatusCode}): {string.Join("; ", rejected.Errors)}").ConfigureAwait(false);
        }

        return 0;
    }
}
