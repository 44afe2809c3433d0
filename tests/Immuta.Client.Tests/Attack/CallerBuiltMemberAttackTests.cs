using System.Net;
using System.Text;
using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// Members a caller puts into <see cref="ImmutaModel.AdditionalProperties"/> that no JSON text could hold: a
/// <c>default(JsonElement)</c>, nesting deeper than a writer allows. Each write (a request, <see cref="ImmutaJson"/>,
/// <see cref="ImmutaYaml"/>) answers with a documented exception, and nothing is sent.
/// </summary>
public sealed class CallerBuiltMemberAttackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The member, by name.</summary>
    public static TheoryData<string> Members() => new("Undefined", "Nested2000Deep");

    [Theory]
    [MemberData(nameof(Members))]
    public async Task CreateAsync_CallerBuiltMemberNoJsonHolds_DocumentedExceptionAndNothingSent(string member)
    {
        var requests = 0;
        using var client = AnsweringClient.Create(_ =>
        {
            Interlocked.Increment(ref requests);
            return ScriptedImmuta.Json(HttpStatusCode.OK, """{"id":"7","status":"enabled"}""");
        });

        var error = await Record.ExceptionAsync(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino(member), Ct));

        Assert.True(error is ImmutaException or ArgumentException, error?.ToString() ?? "no exception");
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Serialize_CallerBuiltMemberNoJsonHolds_DocumentedException(string member)
    {
        var json = Record.Exception(() => ImmutaJson.Serialize<IntegrationDefinition>(Trino(member)));
        var yaml = Record.Exception(() => ImmutaYaml.Serialize<IntegrationDefinition>(Trino(member)));

        Assert.True(json is ImmutaException or ArgumentException, json?.ToString() ?? "no exception");
        Assert.True(yaml is ImmutaException or ArgumentException, yaml?.ToString() ?? "no exception");
    }

    private static TrinoIntegration Trino(string member)
    {
        var value = member switch
        {
            "Undefined" => default,
            "Nested2000Deep" => Deep(2000),
            _ => throw new ArgumentOutOfRangeException(nameof(member), member, null),
        };
        return new TrinoIntegration
        {
            AutoBootstrap = true,
            Config = new TrinoConfig { AdditionalProperties = new Dictionary<string, JsonElement> { ["future"] = value } },
        };
    }

    private static JsonElement Deep(int depth)
    {
        var text = new StringBuilder().Insert(0, "[", depth).Append(new string(']', depth)).ToString();
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = depth + 1 });
        return document.RootElement.Clone();
    }
}
