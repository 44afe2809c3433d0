using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Immuta.Client.Testing;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// Every route of the fake that reads a body, sent bodies an attacker or a buggy client would send: each request is
/// answered 4xx with a message (never 5xx), changes nothing, and is journaled once.
/// </summary>
public sealed class FakeHostileRequestTests : IAsyncLifetime
{
    private const string Snowflake = """
        {"type":"Snowflake","autoBootstrap":true,"config":{"host":"organization.us-east-1.snowflakecomputing.com","warehouse":"SAMPLE_WAREHOUSE","database":"SNOWFLAKE_SAMPLE_DATA","authenticationType":"userPassword","username":"taylor@snowflake.com","password":"abc1234","role":"ACCOUNTADMIN"}}
        """;

    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The routes that read a body: method and path (integration 1 exists, enabled, set up automatically).</summary>
    private static readonly string[] Routes =
    [
        "POST /integrations",
        "POST /integrations?dryRun=true",
        "PUT /integrations/1",
        "PUT /integrations/1?dryRun=true",
        "DELETE /integrations/1",
        "POST /integrations/scripts/create",
        "POST /integrations/scripts/initial-create",
        "POST /integrations/scripts/cleanup",
        "POST /integrations/scripts/post-cleanup",
        "POST /integrations/1/scripts/edit",
    ];

    /// <summary>Bodies that are not a readable JSON object or YAML mapping: every route refuses them with 400.</summary>
    public static IReadOnlyDictionary<string, (byte[] Body, string ContentType)> Malformed { get; } = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
    {
        ["duplicate type"] = (Utf8("""{"type":"Snowflake","type":"Databricks","autoBootstrap":true,"config":{}}"""), "application/json"),
        ["duplicate member in config"] = (Utf8(Snowflake.Replace("\"warehouse\":", "\"host\":\"other.snowflakecomputing.com\",\"warehouse\":", StringComparison.Ordinal)), "application/json"),
        ["duplicate unknown member"] = (Utf8(Snowflake.Replace("\"role\":", "\"extra\":{\"a\":1,\"a\":2},\"role\":", StringComparison.Ordinal)), "application/json"),
        ["duplicate differing only by escaping"] = (Utf8(Snowflake.Replace("\"role\":", "\"note\":1,\"n\\u006fte\":2,\"role\":", StringComparison.Ordinal)), "application/json"),
        ["nested 1000 deep"] = (Utf8(Snowflake.Replace("\"role\":", "\"extra\":" + new string('[', 1000) + new string(']', 1000) + ",\"role\":", StringComparison.Ordinal)), "application/json"),
        ["nested 65 deep"] = (Utf8(Snowflake.Replace("\"role\":", "\"extra\":" + new string('[', 63) + new string(']', 63) + ",\"role\":", StringComparison.Ordinal)), "application/json"),
        ["an array"] = (Utf8("[]"), "application/json"),
        ["a number"] = (Utf8("5"), "application/json"),
        ["a string"] = (Utf8("\"Snowflake\""), "application/json"),
        ["null"] = (Utf8("null"), "application/json"),
        ["truncated"] = (Utf8(Snowflake[..40]), "application/json"),
        ["trailing garbage"] = (Utf8(Snowflake + " {}"), "application/json"),
        ["comment"] = (Utf8("/* hi */" + Snowflake), "application/json"),
        ["trailing comma"] = (Utf8(Snowflake[..^1] + ",}"), "application/json"),
        ["invalid UTF-8"] = ([.. Utf8(Snowflake[..20]), 0xC3, 0x28, .. Utf8(Snowflake[20..])], "application/json"),
        ["a NUL byte"] = ([.. Utf8(Snowflake[..20]), 0x00, .. Utf8(Snowflake[20..])], "application/json"),
        ["UTF-16"] = (Encoding.Unicode.GetBytes(Snowflake), "application/json"),
        ["invalid YAML"] = (Utf8("type: ["), "application/yaml"),
        ["YAML with a duplicate key"] = (Utf8("type: Snowflake\ntype: Databricks\nautoBootstrap: true\n"), "application/yaml"),
        ["YAML nested 1000 deep"] = (Utf8("extra: " + new string('[', 1000) + new string(']', 1000) + "\n"), "application/yaml"),
        ["YAML billion laughs"] = (Utf8(BillionLaughs()), "application/yaml"),
        ["YAML two documents"] = (Utf8("type: Snowflake\n---\ntype: Databricks\n"), "application/yaml"),
        ["YAML a scalar"] = (Utf8("just text"), "application/yaml"),
    };

    /// <summary>Well-formed bodies holding odd values: answered 4xx (and nothing changes) or 2xx (and the fake still answers reads).</summary>
    public static IReadOnlyDictionary<string, (byte[] Body, string ContentType)> Odd { get; } = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
    {
        ["empty object"] = (Utf8("{}"), "application/json"),
        ["type a number"] = (Utf8(Snowflake.Replace("\"type\":\"Snowflake\"", "\"type\":5", StringComparison.Ordinal)), "application/json"),
        ["type an object"] = (Utf8(Snowflake.Replace("\"type\":\"Snowflake\"", "\"type\":{\"a\":1}", StringComparison.Ordinal)), "application/json"),
        ["type null"] = (Utf8(Snowflake.Replace("\"type\":\"Snowflake\"", "\"type\":null", StringComparison.Ordinal)), "application/json"),
        ["config an array"] = (Utf8("""{"type":"Snowflake","autoBootstrap":true,"config":[1,2]}"""), "application/json"),
        ["port 1e999"] = (Utf8(Snowflake.Replace("\"role\":", "\"port\":1e999,\"role\":", StringComparison.Ordinal)), "application/json"),
        ["port 2^70"] = (Utf8(Snowflake.Replace("\"role\":", "\"port\":1180591620717411303424,\"role\":", StringComparison.Ordinal)), "application/json"),
        ["port a string"] = (Utf8(Snowflake.Replace("\"role\":", "\"port\":\"443\",\"role\":", StringComparison.Ordinal)), "application/json"),
        ["unknown 1e999"] = (Utf8(Snowflake.Replace("\"role\":", "\"extra\":1e999,\"role\":", StringComparison.Ordinal)), "application/json"),
        ["unknown lone surrogate"] = (Utf8(Snowflake.Replace("\"role\":", "\"note\":\"bad \\ud800 char\",\"role\":", StringComparison.Ordinal)), "application/json"),
        ["password lone surrogate"] = (Utf8(Snowflake.Replace("abc1234", "bad \\udc00 char", StringComparison.Ordinal)), "application/json"),
        ["database lone surrogate"] = (Utf8(Snowflake.Replace("SNOWFLAKE_SAMPLE_DATA", "bad \\ud800 char", StringComparison.Ordinal)), "application/json"),
        ["unknown catalog lone surrogate"] = (Utf8(Snowflake.Replace("\"role\":", "\"catalog\":\"bad \\ud800 char\",\"role\":", StringComparison.Ordinal)), "application/json"),
        ["member name lone surrogate"] = (Utf8(Snowflake.Replace("\"role\":", "\"\\ud800\":1,\"role\":", StringComparison.Ordinal)), "application/json"),
        ["config member name lone surrogate in YAML"] = (Utf8("type: Snowflake\nautoBootstrap: true\nconfig:\n  \"\\ud800\": 1\n"), "application/yaml"),
        ["UTF-8 byte order mark"] = ([0xEF, 0xBB, 0xBF, .. Utf8(Snowflake)], "application/json"),
        ["no content type"] = (Utf8(Snowflake), string.Empty),
        ["whitespace only"] = (Utf8(" \r\n\t "), "application/json"),
    };

    public static TheoryData<string, string> MalformedCases() => Cases(Malformed.Keys);

    public static TheoryData<string, string> OddCases() => Cases(Odd.Keys);

    public async ValueTask InitializeAsync()
    {
        var (status, body) = await SendAsync("POST /integrations", Utf8(Snowflake), "application/json");
        Assert.True(status == 200, body);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task AnyBodyRoute_MalformedBody_BadRequestWithMessageNothingChangedJournaled(string route, string body)
    {
        var before = State();
        var (content, contentType) = Malformed[body];

        var (status, answer) = await SendAsync(route, content, contentType);

        Assert.True(status == 400, $"{status}: {answer}");
        Assert.StartsWith("Invalid request body: ", Message(answer), StringComparison.Ordinal);
        Assert.EndsWith(".", Message(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("..", Message(answer), StringComparison.Ordinal);
        Assert.Equal(before.Integrations, State().Integrations);
        var entry = Assert.Single(_fake.Journal.Skip(before.Journaled));
        Assert.Equal(400, entry.StatusCode);
        Assert.DoesNotContain("abc1234", entry.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OddCases))]
    public async Task AnyBodyRoute_OddValue_AllOrNothingAndJournaled(string route, string body)
    {
        var before = State();
        var (content, contentType) = Odd[body];

        var (status, answer) = await SendAsync(route, content, contentType);

        Assert.True(status is 200 or 400 or 409 or 422, $"{status}: {answer}");
        if (status != 200)
        {
            Assert.False(string.IsNullOrWhiteSpace(Message(answer)), answer);
            Assert.Equal(before.Integrations, State().Integrations);
        }

        var entry = Assert.Single(_fake.Journal.Skip(before.Journaled));
        Assert.Equal(status, entry.StatusCode);
        Assert.DoesNotContain("abc1234", entry.ToString(), StringComparison.Ordinal);
        var (listed, list) = await SendAsync("GET /integrations", null, null);
        Assert.True(listed == 200, list);
        var (got, one) = await SendAsync("GET /integrations/1", null, null);
        Assert.True(got is 200 or 404, one);
    }

    [Theory]
    [InlineData("GET /integrations?next=https://u:Pw-7731@h.example")]
    [InlineData("GET /integrations?next=https://u:12/7731@h.example")]
    [InlineData("GET /integrations/https:%2F%2Fu:Pw-7731@h.example")]
    public async Task AnyRoute_UrlWithPasswordInPathOrQuery_JournaledMasked(string route)
    {
        await SendAsync(route, null, null);

        var journaled = _fake.Journal[^1];
        Assert.DoesNotContain("7731", journaled.Path + journaled.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateKeys_NotStoredAndJournaled()
    {
        var (status, answer) = await SendAsync("POST /integrations", Malformed["duplicate member in config"].Body, "application/json");

        Assert.Equal(400, status);
        Assert.Equal("Invalid request body: the member 'host' appears twice in one object ($.config.host).", Message(answer));
        Assert.Single(_fake.Integrations);
        Assert.Equal([200, 400], _fake.Journal.Select(r => r.StatusCode));
    }

    private (string Integrations, int Journaled) State()
        => (JsonSerializer.Serialize(_fake.Integrations.Select(i => ImmutaJson.Serialize(i))), _fake.Journal.Count);

    private async Task<(int Status, string Body)> SendAsync(string route, byte[]? body, string? contentType, bool authorized = true)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), new Uri(_fake.Uri, route[(space + 1)..]));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (!string.IsNullOrEmpty(contentType))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        if (authorized)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _fake.ApiKey);
        }

        using var response = await _http.SendAsync(request, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static string? Message(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string BillionLaughs()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        return yaml.ToString();
    }

    private static TheoryData<string, string> Cases(IEnumerable<string> bodies)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes)
        {
            foreach (var body in bodies)
            {
                data.Add(route, body);
            }
        }

        return data;
    }
}
