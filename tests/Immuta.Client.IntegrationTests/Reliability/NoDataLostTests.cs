using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Immuta.Client.Cli;
using Immuta.Client.Serialization;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Immuta.Client.Tests.Reliability;

/// <summary>
/// GET → change one field → PUT sends every other field back unchanged, including members the SDK does not model and
/// nested unknown objects; and random extra members at every level survive a round trip.
/// </summary>
public sealed class NoDataLostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, int> IntegrationResponses()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Examples.Names().Where(n => n.StartsWith("get-integrations", StringComparison.Ordinal) && !n.Contains("status", StringComparison.Ordinal)))
        {
            var node = JsonNode.Parse(Examples.Read(name))!;
            var count = node is JsonArray array ? array.Count : 1;
            for (var i = 0; i < count; i++)
            {
                data.Add(name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IntegrationResponses))]
    public async Task GetModifyPut_UnknownMembersAtEveryLevel_SentBackUnchanged(string example, int index)
    {
        // A GET's redaction markers are refused on PUT (RedactionMarkerTests): the caller puts real values in their place.
        var node = JsonNode.Parse(Examples.Read(example).Replace("\"<REDACTED>\"", "\"put-back-by-the-caller\"", StringComparison.Ordinal))!;
        var integrationJson = (node is JsonArray array ? array[index]! : node).AsObject();
        AddUnknownMembers(integrationJson, new Random(index + example.Length));
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/1", 200, integrationJson.ToJsonString());
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var fetched = await stub.Integrations.GetAsync("1", Ct);
        var (changed, path, value) = ChangeOneField(fetched.Definition);
        await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", changed, Ct);

        var expected = integrationJson.DeepClone().AsObject();
        expected.Remove("id");
        expected.Remove("status");
        expected.Remove("validationResults");
        expected["config"]![path] = value;
        JsonAssert.Equivalent(expected.ToJsonString(), stub.Requests("/integrations/1").Single(r => r.Method == "PUT").Body!);
    }

    [Fact]
    public void RoundTrip_RandomExtraMembersAtEveryLevel_AllSurvive()
    {
        var requests = Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal) && !n.StartsWith("delete-", StringComparison.Ordinal)).ToArray();
        var cases = Gen.Choose(0, requests.Length - 1).SelectMany(i => Gen.Choose(0, int.MaxValue - 1), (i, seed) => (Example: requests[i], Seed: seed)).ToArbitrary();

        var property = Prop.ForAll(cases, c =>
        {
            var json = JsonNode.Parse(Examples.Read(c.Example))!.AsObject();
            AddUnknownMembers(json, new Random(c.Seed));
            var text = json.ToJsonString();

            var written = ImmutaJson.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(text));

            return JsonAssert.FirstDifference(JsonNode.Parse(text), JsonNode.Parse(written), "$") is null;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    // ---- A member that does not fit its modelled type (issue 12, item 9) ----

    // The caller puts real credentials where the server sent its marker (which is never sent back, issue 12 item 3).
    private static JsonObject SnowflakeGet()
        => JsonNode.Parse(Examples.Read("get-integrations-id.snowflake.response.json").Replace("\"<REDACTED>\"", "\"put-back-by-the-caller\"", StringComparison.Ordinal))!.AsObject();

    private static JsonObject DatabricksGet() => JsonNode.Parse(Examples.Read("get-integrations-id.databricks.s004.response.json"))!.AsObject();

    private static string ListOf(params JsonNode[] items) => new JsonArray([.. items.Select(i => i.DeepClone())]).ToJsonString();

    [Fact]
    public async Task ListAsync_ValidationResultIsAString_EveryIntegrationRead()
    {
        var second = DatabricksGet();
        second["validationResults"]!["validationTests"]![0]!["result"] = "connection refused";
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations", 200, ListOf(SnowflakeGet(), second));

        var list = await stub.Integrations.ListAsync(Ct);

        Assert.Equal(2, list.Count);
        var result = list[1].ValidationResults!.ValidationTests![0].Result!.Value;
        Assert.Equal(JsonValueKind.String, result.ValueKind);
        Assert.Equal("connection refused", result.GetString());
    }

    [Fact]
    public async Task ListTool_ValidationResultIsAString_ExitsZeroAndListsBoth()
    {
        var second = DatabricksGet();
        second["validationResults"]!["validationTests"]![0]!["result"] = "connection refused";
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations", 200, ListOf(SnowflakeGet(), second));

        var (code, output, error) = await RunToolAsync(stub, "list", "--output", "json");

        Assert.True(code == 0, error);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }

    public static TheoryData<string, string, string> MistypedMembers() => new()
    {
        { "config.port as a string", "$.config.port", "\"443\"" },
        { "autoBootstrap as a string", "$.autoBootstrap", "\"yes\"" },
        { "config.audit as a boolean", "$.config.audit", "true" },
        { "config.password as an object", "$.config.password", "{\"nested\":true}" },
        { "config as an array", "$.config", "[1,2]" },
        { "config.workspaces.enabled as a number", "$.config.workspaces.enabled", "1" },
        { "config.port too large", "$.config.port", "99999999999999999999999" },
        { "config.port 1e400", "$.config.port", "1e400" },
        { "validationResults.status as a number", "$.validationResults.status", "5" },
        { "validationTests[0].name as an object", "$.validationResults.validationTests[0].name", "{}" },
        { "validationTests[1] as a number", "$.validationResults.validationTests[1]", "7" },
        { "warehouse with a lone surrogate", "$.config.warehouse", "\"bad \\ud800 char\"" },
    };

    [Theory]
    [MemberData(nameof(MistypedMembers))]
    public async Task GetModifyPut_MemberOfTheWrongType_ReadAndSentBackAsItCame(string scenario, string path, string raw)
    {
        _ = scenario;
        var text = WithRawValue(SnowflakeGet(), path, raw);
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/1", 200, text);
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var fetched = await stub.Integrations.GetAsync("1", Ct);
        await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", fetched.Definition, Ct);

        var sent = stub.Requests("/integrations/1").Single(r => r.Method == "PUT").Body!;
        var expected = JsonNode.Parse(text)!.AsObject();
        expected.Remove("id");
        expected.Remove("status");
        expected.Remove("validationResults");
        if (!raw.Contains("\\ud800", StringComparison.Ordinal))
        {
            JsonAssert.Equivalent(expected.ToJsonString(), sent);
        }
        else
        {
            // A lone surrogate cannot be compared as text: the bytes are.
            Assert.Contains("\"warehouse\":" + raw, sent, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(sent, "\"warehouse\":"));
        }
    }

    [Fact]
    public async Task ListAsync_MemberOfTheWrongType_WarningNamesPathAndTypeNeverTheValue()
    {
        const string Secret = "Sup3r-Secret-Value";
        var second = DatabricksGet();
        second["config"]!["port"] = Secret;
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        using var stub = new StubImmuta(new ImmutaClientOptions { LoggerFactory = loggers, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations", 200, ListOf(SnowflakeGet(), second));

        var list = await stub.Integrations.ListAsync(Ct);

        var config = ((DatabricksIntegration)list[1].Definition).Config!;
        Assert.Null(config.Port);
        Assert.Equal(Secret, config.AdditionalProperties!["port"].GetString());
        var warning = Assert.Single(capture.Lines, line => line.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Contains("$[1].config.port", warning, StringComparison.Ordinal);
        Assert.Contains("expected a whole number", warning, StringComparison.Ordinal); // in JSON's words, not .NET's (Int32)
        Assert.DoesNotContain(Secret, string.Join('\n', capture.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ValidationResultHeld_PrintsItsKindNeverItsValue()
    {
        var test = ImmutaJson.Deserialize<ValidationTest>("""{"name":"n","result":[{"password":"Sup3r-Secret-Value"}]}""");

        var printed = test.ToString();

        Assert.Contains("Result = Array", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "5")]
    [InlineData("id", "{}")]
    [InlineData("id", "true")]
    [InlineData("type", "5")]
    public async Task GetAsync_IdTypeOrStatusOfTheWrongType_SerializationExceptionWithPath(string member, string raw)
    {
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations/1", 200, WithRawValue(SnowflakeGet(), "$." + member, raw));

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => stub.Integrations.GetAsync("1", Ct));

        Assert.StartsWith("The response of GET /integrations/1 is not valid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": 1, "status": 5}""")]
    [InlineData("""{"id": {}, "status": "enabled"}""")]
    public async Task GetStatusAsync_IdOrStatusOfTheWrongType_SerializationException(string body)
    {
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations/1/status", 200, body);

        await Assert.ThrowsAsync<ImmutaSerializationException>(() => stub.Integrations.GetStatusAsync("1", Ct));
    }

    [Fact]
    public async Task CreateAsync_ValidationResultsOfTheWrongShape_ResultRead()
    {
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("POST", "/integrations", 200, """{"id":"7","status":"creating","validationResults":{"status":"passed","validationTests":"none"}}""");

        var operation = await stub.Integrations.CreateAsync(ImmutaWaitUntil.Started, new TrinoIntegration(), Ct);

        Assert.Equal("7", operation.Id);
        Assert.Equal("none", operation.StartResult!.ValidationResults!.AdditionalProperties!["validationTests"].GetString());
    }

    [Fact]
    public async Task GetModifyPut_ValidationResultsNotAnObject_LeftEmptyAndNotSentBack()
    {
        var json = SnowflakeGet();
        json["validationResults"] = "not checked";
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture));
        using var stub = new StubImmuta(new ImmutaClientOptions { LoggerFactory = loggers, ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/1", 200, json.ToJsonString());
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var fetched = await stub.Integrations.GetAsync("1", Ct);
        await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", fetched.Definition, Ct);

        Assert.Null(fetched.ValidationResults);
        Assert.Equal(IntegrationStatus.Enabled, fetched.Status);
        Assert.DoesNotContain("validationResults", stub.Requests("/integrations/1").Single(r => r.Method == "PUT").Body!, StringComparison.Ordinal);
        Assert.Contains(capture.Lines, line => line.Contains("$.validationResults", StringComparison.Ordinal) && line.Contains("left empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_FileWithMembersOfTheWrongType_ErrorNamesEveryPath()
    {
        const string Json = """{"type":"Snowflake","autoBootstrap":"yes","config":{"port":"443","audit":{"enabled":1}}}""";

        var error = Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse(Json, IntegrationFileFormat.Json));

        Assert.Equal("$.autoBootstrap", error.JsonPath);
        Assert.Contains("config.port: expected a whole number, got a string", error.Message, StringComparison.Ordinal);
        Assert.Contains("config.audit.enabled: expected a boolean (true or false), got a number", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("443", error.Message, StringComparison.Ordinal);
    }

    // ---- Null items in lists (item 10) ----

    [Fact]
    public async Task ListAsync_NullItem_SkippedWithAWarning()
    {
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture));
        using var stub = new StubImmuta(new ImmutaClientOptions { LoggerFactory = loggers, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations", 200, "[null," + SnowflakeGet().ToJsonString() + ",null]");

        var list = await stub.Integrations.ListAsync(Ct);

        Assert.Equal("123456789", Assert.Single(list).Id);
        Assert.Equal(2, capture.Lines.Count(line => line.StartsWith("Warning:", StringComparison.Ordinal) && line.Contains("null item skipped", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListTool_OnlyANullItem_ExitsZeroWithAnEmptyList()
    {
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations", 200, "[null]");

        var (code, output, error) = await RunToolAsync(stub, "list", "--output", "json");

        Assert.True(code == 0, error);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NullItemsInNestedLists_Skipped()
    {
        var integration = ImmutaJson.Deserialize<Integration>(
            """{"id":"1","type":"Snowflake","validationResults":{"validationTests":[null,{"name":"a","status":"failed"},null]},"config":{"workspaces":{"warehouses":["W",null]}}}""");

        Assert.Equal("a", Assert.Single(integration.ValidationResults!.ValidationTests!).Name);
        Assert.Single(integration.ValidationResults.FailedTests);
        Assert.Equal(["W"], ((SnowflakeIntegration)integration.Definition).Config!.Workspaces!.Warehouses!);
    }

    [Fact]
    public void Deserialize_NullItemBeforeAMistypedMember_ValueKeptOnTheRightItem()
    {
        var results = ImmutaJson.Deserialize<ValidationResults>("""{"validationTests":[null,{"name":"a"},{"name":"b","status":5}]}""");

        Assert.Equal(["a", "b"], results.ValidationTests!.Select(t => t.Name));
        Assert.Null(results.ValidationTests![0].AdditionalProperties);
        Assert.Equal(5, results.ValidationTests[1].AdditionalProperties!["status"].GetInt32());
    }

    // ---- A member of the wrong shape in every item of a long list (a newer Immuta changed an item's shape) ----

    private static string WithValidationTests(JsonObject integration, int count, Func<int, string> test)
    {
        integration["validationResults"] = JsonNode.Parse("""{"status":"passed","validationTests":[""" + string.Join(',', Enumerable.Range(0, count).Select(test)) + "]}");
        return integration.ToJsonString();
    }

    [Fact]
    public void Deserialize_WrongShapeInEveryItemOfA10000ItemList_EveryItemReadAndEveryValueKept()
    {
        var text = WithValidationTests(SnowflakeGet(), 10_000, i => "{\"name\":\"check " + i + "\",\"status\":{\"code\":\"passed\",\"n\":" + i + "}}");

        var integration = ImmutaJson.Deserialize<Integration>(text, out var issues);

        var tests = integration.ValidationResults!.ValidationTests!;
        Assert.Equal(10_000, tests.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"$.validationResults.validationTests[{i}].status"), issues!.Select(issue => issue.Path));
        Assert.All(issues!, issue => Assert.Equal(ReadIssueKind.Mistyped, issue.Kind));
        Assert.All(tests, (test, i) =>
        {
            Assert.Equal($"check {i}", test.Name);
            Assert.Null(test.Status);
            Assert.Equal(i, test.AdditionalProperties!["status"].GetProperty("n").GetInt32());
        });
        Assert.Equal("organization.us-east-1.snowflakecomputing.com", ((SnowflakeIntegration)integration.Definition).Config!.Host);
    }

    [Fact]
    public void Deserialize_DifferentWrongMembersInDifferentItemsOfALongList_EachKeptOnItsOwnItem()
    {
        // 600 items: status a number in even items, name an object in every third, a null item at 50, 150, ... 550.
        static bool IsNull(int i) => i % 100 == 50;
        var text = WithValidationTests(SnowflakeGet(), 600, i => IsNull(i)
            ? "null"
            : "{\"name\":" + (i % 3 == 0 ? "{\"n\":" + i + "}" : "\"check " + i + "\"") + ",\"status\":" + (i % 2 == 0 ? $"{i}" : "\"passed\"") + ",\"message\":\"m" + i + "\"}");

        var integration = ImmutaJson.Deserialize<Integration>(text, out var issues);

        var kept = Enumerable.Range(0, 600).Where(i => !IsNull(i)).ToArray();
        var tests = integration.ValidationResults!.ValidationTests!;
        Assert.Equal(kept.Length, tests.Count);
        Assert.Equal(294, issues!.Count(issue => issue.Kind == ReadIssueKind.Mistyped && issue.Path.EndsWith(".status", StringComparison.Ordinal)));
        Assert.Equal(198, issues!.Count(issue => issue.Kind == ReadIssueKind.Mistyped && issue.Path.EndsWith(".name", StringComparison.Ordinal)));
        Assert.Single(issues!, issue => issue.Kind == ReadIssueKind.NullItemsSkipped);
        Assert.All(tests, (test, j) =>
        {
            var i = kept[j];
            Assert.Equal($"m{i}", test.Message);
            Assert.Equal(i % 2 == 0 ? (int?)i : null, test.AdditionalProperties?.TryGetValue("status", out var status) == true ? status.GetInt32() : null);
            Assert.Equal(i % 2 == 0 ? null : (ValidationStatus?)ValidationStatus.Passed, test.Status);
            Assert.Equal(i % 3 == 0 ? (int?)i : null, test.AdditionalProperties?.TryGetValue("name", out var name) == true ? name.GetProperty("n").GetInt32() : null);
            Assert.Equal(i % 3 == 0 ? null : $"check {i}", test.Name);
        });
    }

    [Fact]
    public async Task ListAsync_WrongShapeInEveryItemOfLongListsInSeveralIntegrations_EveryIntegrationRead()
    {
        var body = new JsonArray([.. Enumerable.Range(1, 3).Select(n =>
        {
            var integration = DatabricksGet();
            integration["id"] = $"{n}";
            return JsonNode.Parse(WithValidationTests(integration, 300, i => $$"""{"name":"check {{i}}","status":{"code":"passed"},"result":[]}"""));
        })]).ToJsonString();
        using var stub = new StubImmuta();
        stub.Reply("GET", "/integrations", 200, body);

        var list = await stub.Integrations.ListAsync(Ct);

        Assert.Equal(["1", "2", "3"], list.Select(integration => integration.Id));
        Assert.All(list, integration => Assert.Equal(300, integration.ValidationResults!.ValidationTests!.Count(test => test.AdditionalProperties!.ContainsKey("status"))));
    }

    [Fact]
    public void Deserialize_ItemsWithAWrongMemberThenAnItemOfTheWrongShape_TheWholeListKeptAsItCame()
    {
        const string Tests = """[{"name":"a","status":5},{"name":"b","status":6},7]""";

        var results = ImmutaJson.Deserialize<ValidationResults>($$"""{"status":"failed","validationTests":{{Tests}}}""", out var issues);

        Assert.Null(results.ValidationTests);
        Assert.Equal(ValidationStatus.Failed, results.Status);
        JsonAssert.Equivalent(Tests, results.AdditionalProperties!["validationTests"].GetRawText());
        Assert.Equal("$.validationTests", Assert.Single(issues!).Path);
    }

    // ---- Unpaired surrogates (item 11) ----

    [Fact]
    public async Task GetPut_LoneSurrogateInAnUnknownMember_SentBackAsItCame()
    {
        var text = WithRawValue(SnowflakeGet(), "$.config.note", "\"bad \\ud800 char\"");
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/1", 200, text);
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var fetched = await stub.Integrations.GetAsync("1", Ct);
        await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", fetched.Definition, Ct);

        Assert.Contains("\"note\":\"bad \\ud800 char\"", stub.Requests("/integrations/1").Single(r => r.Method == "PUT").Body!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Format_LoneSurrogateInAnUnknownMember_JsonAsItCameYamlNamesThePath()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Snowflake","config":{"note":"bad \ud800 char","host":"h"}}""");

        var json = IntegrationDefinitionFile.Format(definition);
        var yaml = Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Format(definition, IntegrationFileFormat.Yaml));

        Assert.Contains("\"bad \\ud800 char\"", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("$.config.note", yaml.JsonPath);
        Assert.Contains(ImmutaJson.Serialize(definition), ImmutaJson.Serialize(ImmutaJson.Deserialize<IntegrationDefinition>(json)), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_IntegrationWithLoneSurrogateInAnUnknownMember_WrittenAsItCame()
    {
        var integration = ImmutaJson.Deserialize<Integration>("""{"id":"1","type":"Trino","note":"\udc00x","config":{"k":["\ud800"]}}""");

        var json = ImmutaJson.Serialize(integration, indented: true);

        Assert.Contains("\\udc00x", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\ud800", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Writers_UserStringWithLoneSurrogate_SerializationExceptionNotARawOne()
    {
        var definition = new SnowflakeIntegration { Config = new SnowflakeConfig { Warehouse = "bad \ud800 char" } };
        var file = Path.Combine(Path.GetTempPath(), $"immuta-surrogate-{Guid.NewGuid():N}.json");
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });

        Assert.Throws<ImmutaSerializationException>(() => ImmutaJson.Serialize(definition));
        Assert.Throws<ImmutaSerializationException>(() => ImmutaYaml.Serialize(definition));
        Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Format(definition));
        await Assert.ThrowsAsync<ImmutaSerializationException>(() => IntegrationDefinitionFile.SaveAsync(definition, file, Ct));
        await Assert.ThrowsAsync<ImmutaSerializationException>(() => stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", definition, Ct));
        Assert.False(File.Exists(file));
        Assert.Empty(stub.Requests());
    }

    // ---- Explicit nulls (item 12) ----

    [Fact]
    public async Task GetModifyPut_ExplicitNullsOfModelledAndUnknownMembers_SentBackAsNull()
    {
        var json = SnowflakeGet();
        json["autoBootstrap"] = null;
        json["config"]!["audit"] = null;
        json["config"]!["port"] = null;
        json["config"]!["future"] = null;
        using var stub = new StubImmuta(new ImmutaClientOptions { ValidateBeforeSending = false, Retry = StubImmuta.NoRetries });
        stub.Reply("GET", "/integrations/1", 200, json.ToJsonString());
        stub.Reply("PUT", "/integrations/1", 200, Examples.Read("put-integrations-id.snowflake.response.json"));

        var fetched = await stub.Integrations.GetAsync("1", Ct);
        var changed = (SnowflakeIntegration)fetched.Definition with { Config = ((SnowflakeIntegration)fetched.Definition).Config! with { Warehouse = "CHANGED_WH" } };
        await stub.Integrations.UpdateAsync(ImmutaWaitUntil.Started, "1", changed, Ct);

        var expected = json.DeepClone().AsObject();
        expected.Remove("id");
        expected.Remove("status");
        expected.Remove("validationResults");
        expected["config"]!["warehouse"] = "CHANGED_WH";
        JsonAssert.Equivalent(expected.ToJsonString(), stub.Requests("/integrations/1").Single(r => r.Method == "PUT").Body!);
        Assert.Null(changed.AutoBootstrap);
        Assert.Null(changed.Config!.Port);
    }

    [Fact]
    public void Serialize_ExplicitNullThenAValueSetByTheUser_TheValueWins()
    {
        var read = (SnowflakeIntegration)ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Snowflake","autoBootstrap":null,"config":{"port":null,"audit":null}}""");

        var changed = read with { AutoBootstrap = true, Config = read.Config! with { Port = 5439, Audit = new AuditSettings { Enabled = true } } };
        var written = ImmutaJson.Serialize(changed);

        // Equivalent, and each member once: a kept null written beside the user's value would be a duplicate key.
        JsonAssert.Equivalent("""{"type":"Snowflake","autoBootstrap":true,"config":{"port":5439,"audit":{"enabled":true}}}""", written);
        Assert.Equal(1, CountOf(written, "\"port\":"));
        Assert.Equal(1, CountOf(written, "\"autoBootstrap\":"));
        JsonAssert.Equivalent("""{"type":"Snowflake","autoBootstrap":null,"config":{"port":null,"audit":null}}""", ImmutaJson.Serialize(read));
    }

    [Fact]
    public void RoundTrip_ExplicitNullsInYaml_Kept()
    {
        var read = ImmutaYaml.Deserialize<IntegrationDefinition>("type: Snowflake\nautoBootstrap: null\nconfig:\n  port: ~\n  host: h\n");

        JsonAssert.Equivalent("""{"type":"Snowflake","autoBootstrap":null,"config":{"port":null,"host":"h"}}""", ImmutaJson.Serialize(read));
    }

    // ---- Duplicate keys (item 13) ----

    [Theory]
    [InlineData("""{"type":"Snowflake","config":{"host":"h"},"type":"Databricks"}""", "Databricks", typeof(DatabricksIntegration))]
    [InlineData("""{"type":"Databricks","config":{"host":"h"},"type":"Snowflake"}""", "Snowflake", typeof(SnowflakeIntegration))]
    [InlineData("""{"type":"Snowflake","type":"Future Platform"}""", "Future Platform", typeof(UnknownIntegration))]
    [InlineData("""{"type":"Future Platform","type":"Trino"}""", "Trino", typeof(TrinoIntegration))]
    public void Deserialize_DuplicateType_TheLastOneWins(string json, string last, Type expected)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(json);
        var integration = ImmutaJson.Deserialize<Integration>(json.Insert(1, "\"id\":\"1\","));

        Assert.IsType(expected, definition);
        Assert.IsType(expected, integration.Definition);
        Assert.Equal(last, definition.Type.Value);
        Assert.Equal(last, integration.Type.Value);
    }

    [Theory]
    [InlineData("""{"type":"Snowflake","config":{"port":1,"port":2}}""", 2)]
    [InlineData("""{"type":"Snowflake","config":{"port":2},"config":{"port":1}}""", 1)]
    public void Deserialize_DuplicateMember_TheLastOneWins(string json, int port)
        => Assert.Equal(port, ((SnowflakeIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(json)).Config!.Port);

    [Fact]
    public void Deserialize_DuplicateTypeWithAMistypedMember_LastTypeAndValueKept()
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>("""{"type":"Databricks","config":{"port":"x"},"type":"Snowflake"}""");

        var snowflake = Assert.IsType<SnowflakeIntegration>(definition);
        Assert.Equal("x", snowflake.Config!.AdditionalProperties!["port"].GetString());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // Puts raw JSON text at a path ($.a.b or $.a.b[1]) of a document, replacing or adding that member or item.
    private static string WithRawValue(JsonObject document, string path, string raw)
    {
        const string Marker = "__raw_value_marker__";
        var parts = path[2..].Split('.');
        JsonNode node = document;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = Step(node, parts[i]);
        }

        var last = parts[^1];
        if (last.EndsWith(']'))
        {
            var open = last.IndexOf('[', StringComparison.Ordinal);
            Step(node, last[..open]).AsArray()[int.Parse(last[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = Marker;
        }
        else
        {
            node[last] = Marker;
        }

        return document.ToJsonString().Replace($"\"{Marker}\"", raw, StringComparison.Ordinal);

        static JsonNode Step(JsonNode node, string part)
        {
            var open = part.IndexOf('[', StringComparison.Ordinal);
            return open < 0 ? node[part]! : node[part[..open]]![int.Parse(part[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }
    }

    private static async Task<(int Code, string Out, string Error)> RunToolAsync(StubImmuta stub, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var variables = new Dictionary<string, string> { ["IMMUTA_URL"] = stub.Server.Url!, ["IMMUTA_API_KEY"] = StubImmuta.ApiKey };
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Variables = name => variables.GetValueOrDefault(name),
            IsTerminal = false,
            ClientOptions = new ImmutaClientOptions { Retry = StubImmuta.NoRetries },
        };
        var code = await CliApp.RunAsync(args, environment, Ct);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Adds one to three unknown members, of random JSON shapes, to every object of the document.</summary>
    internal static void AddUnknownMembers(JsonNode node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    AddUnknownMembers(child, random);
                }

                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    obj[$"future_{random.Next(1_000_000)}"] = RandomValue(random, depth: 0);
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>().ToList())
                {
                    AddUnknownMembers(item, random);
                }

                break;
        }
    }

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth > 2 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextDouble() * 1e6),
        3 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        4 => JsonValue.Create(new string((char)random.Next(32, 0x2FFF), random.Next(0, 12)) + "\"\\\n<>&"),
        5 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 4)).Select(i => KeyValuePair.Create($"k{i}", RandomValue(random, depth + 1)))),
    };

    private static (IntegrationDefinition Changed, string Path, JsonNode Value) ChangeOneField(IntegrationDefinition definition) => definition switch
    {
        SnowflakeIntegration s => (s with { Config = s.Config! with { Warehouse = "CHANGED_WH" } }, "warehouse", JsonValue.Create("CHANGED_WH")),
        DatabricksIntegration d => (d with { Config = d.Config! with { HttpPath = "sql/changed" } }, "httpPath", JsonValue.Create("sql/changed")),
        _ => throw new InvalidOperationException($"No field to change for {definition.Type}."),
    };
}
