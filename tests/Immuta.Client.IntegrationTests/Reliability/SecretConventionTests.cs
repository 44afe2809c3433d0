using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client.Serialization;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>
/// A convention over the built assembly: every property whose name marks a credential is a <see cref="SecretString"/>, and
/// no such value (nor the API key) shows in <c>ToString()</c>, exception messages or <c>Data</c>, logs at any level, or
/// the fake server's journal — even when the server echoes it back.
/// </summary>
public sealed class SecretConventionTests
{
    private const string ApiKey = "convention-api-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Type[] ModelTypes = typeof(ImmutaModel).Assembly.GetExportedTypes()
        .Where(t => typeof(ImmutaModel).IsAssignableFrom(t) && !t.IsAbstract).ToArray();

    [Fact]
    public void EveryPropertyNamedLikeACredential_IsASecretString()
    {
        var offenders = ModelTypes.SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => (CredentialNames.IsCredential(x.Property.Name) || CredentialNames.IsCredential(JsonNameOf(x.Property)))
                && x.Property.PropertyType != typeof(SecretString))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.Empty(offenders);
        Assert.True(ModelTypes.Sum(t => t.GetProperties().Count(p => p.PropertyType == typeof(SecretString))) >= 14, "the convention found too few secrets to be looking at the right types");
    }

    /// <summary>The printers that mask by name (tool, plan, journal, foreign options) see every typed credential.</summary>
    [Fact]
    public void EverySecretStringProperty_HasAJsonNameTheRuleCallsACredential()
    {
        var offenders = ModelTypes.SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.PropertyType == typeof(SecretString) && !CredentialNames.IsCredential(JsonNameOf(x.Property)))
            .Select(x => $"{x.Type.Name}.{x.Property.Name} ({JsonNameOf(x.Property)})")
            .ToList();

        Assert.Empty(offenders);
    }

    private static string JsonNameOf(PropertyInfo property)
        => property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;

    [Fact]
    public void EveryModel_WithEverySecretSet_PrintsNone()
    {
        foreach (var type in ModelTypes.Where(t => t.GetConstructor(Type.EmptyTypes) is not null))
        {
            var secrets = new List<string>();
            var model = Fill(type, secrets);

            var printed = model.ToString()!;

            Assert.All(secrets, s => Assert.DoesNotContain(s, printed, StringComparison.Ordinal));
        }
    }

    public static TheoryData<string> Platforms()
        => new(ModelTypes.Where(t => typeof(IntegrationDefinition).IsAssignableFrom(t) && t != typeof(UnknownIntegration) && t != typeof(TrinoIntegration)).Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task Definition_AllSecretsSentAndEchoedBack_NoneInExceptionLogsOrJournal(string typeName)
    {
        var secrets = new List<string>();
        var definition = (IntegrationDefinition)Fill(ModelTypes.Single(t => t.Name == typeName), secrets);
        using var capture = new CapturingLoggerProvider();
        var logs = capture.Lines;
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { ApiKey = ApiKey });
        using var client = fake.CreateClient(new ImmutaClientOptions { ValidateBeforeSending = false, LoggerFactory = loggers, Retry = StubImmuta.NoRetries });
        fake.RejectNext(FakeRequestKind.Create, System.Net.HttpStatusCode.BadRequest, "rejected: " + string.Join(" ", secrets) + " key " + ApiKey);

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

        Assert.All(secrets, s => Assert.Contains(s, ImmutaJson.Serialize(definition), StringComparison.Ordinal)); // they did go on the wire
        var everything = string.Join('\n', new[] { error.ToString(), string.Join(",", error.Data.Keys.Cast<object>()), string.Join(",", error.Data.Values.Cast<object>()), definition.ToString() }
            .Concat(logs).Concat(fake.Journal.Select(r => r.ToString())));
        Assert.All(secrets.Append(ApiKey), s => Assert.DoesNotContain(s, everything, StringComparison.Ordinal));
    }

    /// <summary>Builds a model with every member set: strings to plain values, credentials to unique secrets (collected).</summary>
    private static object Fill(Type type, List<string> secrets)
    {
        var model = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var kind = property.PropertyType;
            object? value =
                kind == typeof(SecretString) ? new SecretString(Unique(secrets)) :
                kind == typeof(string) ? "plain" :
                kind == typeof(bool?) ? true :
                kind == typeof(int?) ? 443 :
                kind == typeof(AuthenticationType?) ? AuthenticationType.UserPassword :
                kind == typeof(IReadOnlyList<string>) ? new[] { "plain" } :
                typeof(ImmutaModel).IsAssignableFrom(kind) && !kind.IsAbstract ? Fill(kind, secrets) :
                null;
            if (value is not null)
            {
                property.SetValue(model, value);
            }
        }

        return model;
    }

    private static string Unique(List<string> secrets)
    {
        var secret = $"S3cret-{secrets.Count}-{Guid.NewGuid():N}";
        secrets.Add(secret);
        return secret;
    }

    // ---- Every printer uses the one rule ----------------------------------------------------------------------------

    /// <summary>Credential names as other platforms and newer Immuta versions spell them.</summary>
    private static readonly string[] CredentialMemberNames =
    [
        "password", "PASSWORD", "clientSecret", "client_secret", "token", "accessToken", "sasToken", "apiToken", "secretAccessKey",
        "private_key", "privateKey", "apiKey", "apikey", "x-api-key", "newKey", "connectArgs", "credential", "passphrase",
        "PASS_WORD", "bearer", "sasUrl", "пароль",
    ];

    /// <summary>Characters JSON, YAML and HTML escape, so the secrets show in many escapings.</summary>
    private static readonly string[] Awkward = ["\"q\"", "back\\slash", "tab\t", "line\nbreak", "<>&'+", "é", "😀", "\r\n-----END-----"];

    public static TheoryData<string> Printers() => new(
        "ToString", "CliJson", "CliYaml", "CliTable", "CliJsonAsTerminal", "ApplyPlan", "ApplyPlanAgainstExisting", "FakeJournal",
        "ForeignJsonDefaultOptions", "ForeignJsonWebOptions", "ForeignJsonConcreteTypes", "ExceptionFromServerEcho", "Logs");

    /// <summary>
    /// Each printer gets an integration of a platform the SDK does not know (so every credential is an unknown member)
    /// with credentials under many names, in arrays and nested objects, in its validation result rows and at the top;
    /// each credential value holds characters that JSON escapes. No printer may show any of them, in any escaping: the
    /// test looks for a plain core (letters and digits) that every value carries.
    /// </summary>
    [Theory]
    [MemberData(nameof(Printers))]
    public async Task Printer_CredentialsUnderManyNamesAndEscapings_ShowsNone(string printer)
    {
        var cores = new List<string>();
        var integration = IntegrationWithCredentialsEverywhere(cores);
        var definition = (UnknownIntegration)integration.Definition;

        var printed = await PrintAsync(printer, integration, definition);

        Assert.NotEmpty(printed);
        Assert.All(cores, core => Assert.DoesNotContain(core, printed, StringComparison.Ordinal));
        Assert.Contains("plain.example.com", printed, StringComparison.Ordinal); // the printer did print the model
    }

    private static async Task<string> PrintAsync(string printer, Integration integration, UnknownIntegration definition)
    {
        switch (printer)
        {
            case "ToString":
                return integration + "\n" + definition;
            case "CliJson" or "CliYaml" or "CliTable" or "CliJsonAsTerminal":
                using (var output = new StringWriter())
                {
                    var environment = new Immuta.Client.Cli.CliEnvironment { Out = output, Error = output, IsTerminal = printer == "CliJsonAsTerminal" };
                    var format = printer switch
                    {
                        "CliYaml" => Immuta.Client.Cli.OutputFormat.Yaml,
                        "CliTable" => Immuta.Client.Cli.OutputFormat.Table,
                        _ => Immuta.Client.Cli.OutputFormat.Json,
                    };
                    await new Immuta.Client.Cli.CliOutput(environment, format, showSecrets: false).WriteAsync(integration);
                    await new Immuta.Client.Cli.CliOutput(environment, format, showSecrets: false).WriteAsync<IReadOnlyList<Integration>>([integration]);
                    return output.ToString();
                }

            case "ApplyPlan":
                return string.Join('\n', Immuta.Client.Cli.Planning.PlanDiff.Lines(null, definition));
            case "ApplyPlanAgainstExisting":
                var before = definition with { Config = JsonDocument.Parse("{\"host\":\"old.example.com\",\"connections\":[]}").RootElement.Clone() };
                return string.Join('\n', Immuta.Client.Cli.Planning.PlanDiff.Lines(before, definition));
            case "FakeJournal":
                await using (var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { ApiKey = ApiKey }))
                {
                    using var client = fake.CreateClient(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
                    try
                    {
                        await client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct);
                    }
                    catch (ImmutaException)
                    {
                        // an unknown platform may be refused: the request is journaled either way
                    }

                    Assert.NotEmpty(fake.Journal);
                    return string.Join('\n', fake.Journal.Select(r => r.ToString())) + "\nplain.example.com";
                }

            case "ForeignJsonDefaultOptions":
                return JsonSerializer.Serialize(integration, DefaultOptions) + JsonSerializer.Serialize<IntegrationDefinition>(definition, DefaultOptions)
                    + JsonSerializer.Serialize(integration) + JsonSerializer.Serialize<object>(definition);
            case "ForeignJsonWebOptions":
                return JsonSerializer.Serialize(new { integration, list = new[] { integration } }, JsonSerializerOptions.Web);
            case "ForeignJsonConcreteTypes":
                return JsonSerializer.Serialize(definition, IndentedOptions) + JsonSerializer.Serialize(integration.ValidationResults, IndentedOptions)
                    + JsonSerializer.Serialize(new TrinoConfig { AdditionalProperties = definition.AdditionalProperties }, IndentedOptions);
            case "ExceptionFromServerEcho":
            case "Logs":
                using (var capture = new CapturingLoggerProvider())
                {
                    using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
                    await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { ApiKey = ApiKey });
                    using var client = fake.CreateClient(new ImmutaClientOptions { ValidateBeforeSending = false, LoggerFactory = loggers, Retry = StubImmuta.NoRetries });
                    var sent = JsonNode.Parse(ImmutaJson.Serialize<IntegrationDefinition>(definition))!;
                    fake.RejectNext(FakeRequestKind.Create, System.Net.HttpStatusCode.BadRequest,
                        "rejected " + sent.ToJsonString() + " values " + string.Join(" | ", Values(sent)) + " host plain.example.com");

                    var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, definition, Ct));

                    return printer == "Logs"
                        ? string.Join('\n', capture.Lines) + "\nplain.example.com"
                        : string.Join('\n', error.ToString(), error.ServerMessage, error.Details.ToString());
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(printer), printer, null);
        }
    }

    // Options as logging libraries and web frameworks make them: reflection-based, nothing of the SDK's.
    private static readonly JsonSerializerOptions DefaultOptions = new();

    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Values(p.Value)),
        JsonArray array => array.SelectMany(Values),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private static Integration IntegrationWithCredentialsEverywhere(List<string> cores)
    {
        string Secret()
        {
            var core = $"Core{cores.Count}x{Guid.NewGuid():N}";
            cores.Add(core);
            return Awkward[cores.Count % Awkward.Length] + core + Awkward[(cores.Count + 3) % Awkward.Length];
        }

        JsonObject Credentials()
        {
            var obj = new JsonObject();
            foreach (var name in CredentialMemberNames)
            {
                obj[name] = Secret();
            }

            return obj;
        }

        var config = Credentials();
        config["host"] = "plain.example.com";
        config["connections"] = new JsonArray(new JsonObject { ["host"] = "db1", ["password"] = Secret() }, new JsonObject { ["apiKeys"] = new JsonArray(Secret(), Secret()) });
        config["nested"] = new JsonObject { ["deeper"] = Credentials() };
        config["serviceCredentials"] = new JsonObject { ["user"] = Secret(), ["pass"] = Secret() };
        var definition = new UnknownIntegration(new IntegrationType("Redshift Spectrum"))
        {
            AutoBootstrap = true,
            Config = JsonDocument.Parse(config.ToJsonString()).RootElement.Clone(),
            AdditionalProperties = new Dictionary<string, JsonElement>
            {
                ["apiToken"] = JsonSerializer.SerializeToElement(Secret()),
                ["extras"] = JsonDocument.Parse(new JsonArray(Credentials()).ToJsonString()).RootElement.Clone(),
            },
        };
        return new Integration
        {
            Id = "7",
            Status = IntegrationStatus.Enabled,
            Definition = definition,
            ValidationResults = new ValidationResults
            {
                Status = ValidationStatus.Failed,
                ValidationTests =
                [
                    new ValidationTest
                    {
                        Name = "Connection",
                        Status = ValidationStatus.Failed,
                        Result = JsonDocument.Parse(new JsonArray(Credentials()).ToJsonString()).RootElement.Clone(),
                        AdditionalProperties = new Dictionary<string, JsonElement> { ["sasToken"] = JsonSerializer.SerializeToElement(Secret()) },
                    },
                ],
            },
        };
    }
}
