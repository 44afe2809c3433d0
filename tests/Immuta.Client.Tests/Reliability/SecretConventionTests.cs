using System.Reflection;
using System.Text.RegularExpressions;
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
public sealed partial class SecretConventionTests
{
    private const string ApiKey = "convention-api-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Type[] ModelTypes = typeof(ImmutaModel).Assembly.GetExportedTypes()
        .Where(t => typeof(ImmutaModel).IsAssignableFrom(t) && !t.IsAbstract).ToArray();

    [Fact]
    public void EveryPropertyNamedLikeACredential_IsASecretString()
    {
        var offenders = ModelTypes.SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => SecretName().IsMatch(x.Property.Name) && x.Property.PropertyType != typeof(SecretString))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.Empty(offenders);
        Assert.True(ModelTypes.Sum(t => t.GetProperties().Count(p => p.PropertyType == typeof(SecretString))) >= 14, "the convention found too few secrets to be looking at the right types");
    }

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

        var error = await Assert.ThrowsAsync<ImmutaValidationException>(() => client.Integrations.CreateAsync(WaitUntil.Started, definition, Ct));

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

    [GeneratedRegex("(?i)password|secret|token|privatekey|credential|newkey|connectargs|apikey")]
    private static partial Regex SecretName();
}
