// The C# blocks of README.md, compiled here so they cannot rot; ReadmeTests checks that every block of the README
// stands in this file (or in Fake/ReadmeFakeServerExample.cs, Fake/ReadmeStubsExample.cs) line for line. Keep the two in step.
#pragma warning disable CA1849, CA2000, IDE0059, CS8321
using System.Net;
using Immuta.Client;
using Immuta.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Immuta.Client.Tests.Readme;

internal static class ReadmeSnippets
{
    public static async Task QuickstartAsync(string apiKey, SecretString snowflakePassword)
    {
        using var client = new ImmutaClient(new Uri("https://tenant.immuta.com"), new ImmutaApiKeyCredential(apiKey));

        IntegrationOperation operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig
            {
                Host = "organization.us-east-1.snowflakecomputing.com",
                Warehouse = "SAMPLE_WAREHOUSE",
                Database = "SNOWFLAKE_SAMPLE_DATA",
                AuthenticationType = AuthenticationType.UserPassword,
                Username = "taylor@snowflake.com",
                Password = snowflakePassword,          // a SecretString: prints as ***
                Role = "ACCOUNTADMIN",
            },
        });

        Integration enabled = operation.Value;        // settled: status enabled
    }

    public static IReadOnlyList<IntegrationDefinition> PlatformExamples(string secret, string privateKeyPem, string serviceAccountJson) =>
    [
        new SnowflakeIntegration
        {
            AutoBootstrap = false,                                   // manual setup: run Scripts.CreateAsync's script first
            Config = new SnowflakeConfig
            {
                Host = "organization.us-east-1.snowflakecomputing.com",
                Warehouse = "SAMPLE_WAREHOUSE",
                Database = "IMMUTA_DB",
                AuthenticationType = AuthenticationType.KeyPair,
                Username = "IMMUTA_SYSTEM_ACCOUNT",
                PrivateKey = privateKeyPem,
                Impersonation = new ImpersonationSettings { Enabled = true, Role = "IMMUTA_IMPERSONATION" },
                Workspaces = new WorkspacesSettings { Enabled = true, Warehouses = ["SAMPLE_WAREHOUSE"] },
            },
        },
        new DatabricksIntegration
        {
            AutoBootstrap = true,
            Config = new DatabricksConfig
            {
                WorkspaceUrl = "www.example-workspace.cloud.databricks.com",
                HttpPath = "sql/protocolv1/o/0/0000-00000-abc123",
                Catalog = "immuta",                                  // letters, digits, underscores
                AuthenticationType = AuthenticationType.OAuthM2M,
                OAuthClientConfig = new OAuthClientConfig { ClientId = "123456abc", ClientSecret = secret, AuthorityUrl = "example.authority.com", Scope = "all-apis" },
                Audit = new AuditSettings { Enabled = true },
                GroupPattern = new GroupPattern { Deny = "immuta-exempt" },
            },
        },
        new RedshiftIntegration
        {
            AutoBootstrap = true,
            Config = new RedshiftConfig
            {
                Host = "organization.aws.amazon.com",
                Database = "immuta",
                InitialDatabase = "REDSHIFT_SAMPLE_DATA",
                AuthenticationType = AuthenticationType.Okta,
                Okta = new OktaCredentials { Username = "taylor@redshift.com", Password = secret, AppId = "Okta", IdpHost = "organization.okta.com", Role = "admin" },
            },
        },
        new AzureSynapseIntegration
        {
            AutoBootstrap = true,
            Config = new AzureSynapseConfig
            {
                Host = "organization.azure.com",
                Database = "immuta",
                Schema = "sample_schema",
                AuthenticationType = AuthenticationType.UserPassword,
                Username = "taylor@synapse.com",
                Password = secret,
                MetadataDelimiters = new MetadataDelimiters { HashDelimiter = "|", HashKeyDelimiter = "-", ArrayDelimiter = "," },
            },
        },
        new BigQueryIntegration
        {
            AutoBootstrap = false,                                   // always false for BigQuery
            Config = new BigQueryConfig { Role = "immuta", Dataset = "immuta", DatasetSuffix = "_secureView", Location = "us-east1", Credential = serviceAccountJson },
        },
        new NativeS3Integration
        {
            AutoBootstrap = false,                                   // always false for S3
            Config = new NativeS3Config
            {
                Name = "S3 integration",
                AwsAccountId = "123456789",
                AwsRegion = "us-east-1",
                AwsLocationRole = "arn:aws:iam::123456789:role/access-grants-instance-role",
                AwsLocationPath = "s3://",
                AuthenticationType = AuthenticationType.Auto,
                AwsRoleToAssume = "arn:aws:iam::123456789:role/immuta",
            },
        },
        new TrinoIntegration(),                                      // the body is only the type
    ];

    public static async Task WaitingAsync(ImmutaClient client, IntegrationDefinition definition)
    {
        var operation = await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition);
        File.WriteAllText("pending-id.txt", operation.Id);          // survive a restart

        // later, perhaps in another process:
        var resumed = client.Integrations.ResumeOperation(File.ReadAllText("pending-id.txt"), IntegrationOperationKind.Create);
        Integration? settled = await resumed.WaitForCompletionAsync(
            new PollingOptions { Timeout = TimeSpan.FromMinutes(5) },
            new Progress<IntegrationOperationProgress>(p => Console.WriteLine($"{p.Elapsed:mm\\:ss} {p.Status}")));
    }

    public static async Task ErrorsAsync(IntegrationsClient integrations, IntegrationDefinition definition)
    {
        try
        {
            await integrations.CreateAsync(ImmutaWaitUntil.Completed, definition);
        }
        catch (IntegrationValidationException invalid)              // refused before sending
        {
            foreach (var problem in invalid.Errors)
            {
                Console.WriteLine($"{problem.Path}: {problem.Message}");
            }
        }
        catch (ImmutaConflictException conflict) when (conflict.ExistingIntegrationId is { } existing)
        {
            Console.WriteLine($"Already there as integration {existing}");
        }
        catch (ImmutaRequestRejectedException earlier) when (earlier.ExistingIntegrationId is { } failed)
        {
            Console.WriteLine($"Integration {failed} failed to create before: update it (CreateOrAdoptAsync does)");
        }
        catch (ImmutaOperationFailedException failed)               // settled in createError
        {
            Console.WriteLine($"{failed.Status}: {string.Join("; ", failed.ValidationResults?.FailedTests.Select(t => t.Message) ?? [])}");
        }
        catch (ImmutaApiException api)
        {
            Console.WriteLine($"{(int)api.StatusCode} {api.Error}: {api.ServerMessage}");
        }
    }

    public static void DependencyInjection(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddImmutaClient()                           // section "Immuta", then IMMUTA_URL / IMMUTA_API_KEY
            .HttpClientBuilder.AddHttpMessageHandler(() => new MyAuditHandler());
        builder.Services.AddKeyedImmutaClient("staging", builder.Configuration.GetSection("Immuta:Staging"));

        using var host = builder.Build();
        var integrations = host.Services.GetRequiredService<IntegrationsClient>();
        var staging = host.Services.GetRequiredKeyedService<ImmutaClient>("staging");
    }

    public static void OwnResilienceHandler(HostApplicationBuilder builder)
    {
        builder.Services.AddImmutaClient(s => s.UseSdkResilienceHandler = false)         // one resilience handler: yours
            .HttpClientBuilder.AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods()); // never repeat POST, PUT, DELETE
    }

    public static void OwnPrimaryHandler(HostApplicationBuilder builder)
    {
        builder.Services.AddImmutaClient()
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),   // recycle connections, so DNS changes are seen
                AllowAutoRedirect = false,                            // the SDK reports a redirect instead of following it
                Proxy = new WebProxy(new Uri("http://proxy.internal:3128")),
            });
    }

    public static void HealthChecks(HostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddImmutaHealthCheck()                                   // the unkeyed client, named "immuta"
            .AddImmutaHealthCheck("staging", tags: ["ready"]);        // a keyed client, named "immuta:staging"
    }

    public static void OpenTelemetryWiring(HostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource("Immuta.Client")                          // the SDK's spans
                .AddSource("System.Net.Http"))                       // the runtime's HTTP spans, one per attempt
            .WithMetrics(metrics => metrics
                .AddMeter("Immuta.Client"));
    }

    private sealed class MyAuditHandler : DelegatingHandler;
}
