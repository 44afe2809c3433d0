using System.Text.Json.Nodes;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary><c>export</c> (issue 16, item 11): one YAML file per integration, credentials as printed placeholders, defaults left out.</summary>
public sealed partial class CliTests
{
    [Theory]
    [MemberData(nameof(CreateExamples))]
    public async Task Export_ThenApplyDryRunWithThePrintedVariables_ReportsNoChange(string example)
    {
        Assert.Equal(0, (await RunAsync("create", "-f", Example(example))).Code);
        var dir = Path.Combine(_folder, "export");

        var (code, output, error) = await RunAsync("export", "--dir", dir);

        Assert.True(code == 0, error);
        var file = Assert.Single(Directory.GetFiles(dir));
        var original = JsonNode.Parse(Examples.Read(example))!;
        var text = await File.ReadAllTextAsync(file, Ct);
        foreach (var line in output.Split('\n').Where(l => l.StartsWith("  set ", StringComparison.Ordinal)))
        {
            var variable = line["  set ".Length..line.IndexOf(' ', "  set ".Length)];
            var field = line[(line.IndexOf('(') + 1)..line.LastIndexOf(')')];
            var value = ValueAt(original, field);
            _variables[variable] = value;
            Assert.Contains($"${{{variable}}}", text, StringComparison.Ordinal);
            if (Examples.Read(example).Split(value).Length == 2)
            {
                Assert.DoesNotContain(value, text + output, StringComparison.Ordinal); // a value the example holds only as this credential
            }
        }

        var (planCode, _, plan) = await RunAsync("apply", "-f", file, "--dry-run");

        Assert.True(planCode == 0, plan);
        Assert.True(plan.Contains("plan: no change:", StringComparison.Ordinal), plan + "\n---\n" + text);
        Assert.DoesNotContain("<REDACTED>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ServerDefaultsLeftOutAndFileNamedByPlatformAndIdentity()
    {
        var file = WriteFile("sf.yaml", "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: acme.snowflakecomputing.com\n  warehouse: w\n  database: d\n  authenticationType: userPassword\n  username: u\n  password: p4ss\n");
        Assert.Equal(0, (await RunAsync("create", "-f", file)).Code);

        var (code, output, error) = await RunAsync("export", "1", "--dir", Path.Combine(_folder, "out"));

        Assert.True(code == 0, error);
        var exported = await File.ReadAllTextAsync(Path.Combine(_folder, "out", "snowflake-acme.snowflakecomputing.com.yaml"), Ct);
        Assert.DoesNotContain("port:", exported, StringComparison.Ordinal); // Immuta's default 443, filled by the server
        Assert.Contains("password: \"${IMMUTA_SNOWFLAKE_ACME_SNOWFLAKECOMPUTING_COM_PASSWORD}\"", exported, StringComparison.Ordinal);
        Assert.Contains("  set IMMUTA_SNOWFLAKE_ACME_SNOWFLAKECOMPUTING_COM_PASSWORD (config.password)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("p4ss", exported + output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ValueHoldingADollarBrace_WrittenSoItReadsBackAsWritten()
    {
        var file = WriteFile("sf.yaml", "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: acme.snowflakecomputing.com\n  warehouse: $${HOME}\n  database: d\n  authenticationType: userPassword\n  username: u\n  password: p\n");
        Assert.Equal(0, (await RunAsync("create", "-f", file)).Code);
        _variables["HOME"] = "/root";
        _variables["IMMUTA_SNOWFLAKE_ACME_SNOWFLAKECOMPUTING_COM_PASSWORD"] = "p";
        _variables["IMMUTA_SNOWFLAKE_ACME_SNOWFLAKECOMPUTING_COM_USERNAME"] = "u"; // Immuta redacts a Snowflake username too

        await RunAsync("export", "--dir", Path.Combine(_folder, "out"));
        var (code, _, plan) = await RunAsync("apply", "-f", Path.Combine(_folder, "out", "snowflake-acme.snowflakecomputing.com.yaml"), "--dry-run");

        Assert.True(code == 0, plan);
        Assert.True(plan.Contains("plan: no change:", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task Export_UnknownId_Exit1AndNothingWritten()
    {
        var (code, _, error) = await RunAsync("export", "7", "--dir", Path.Combine(_folder, "none"));

        Assert.Equal(1, code);
        Assert.Contains("there is no integration 7", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "none")));
    }

    private static string ValueAt(JsonNode root, string field)
    {
        var node = root;
        foreach (var part in field.Split('.'))
        {
            var name = part.Contains('[', StringComparison.Ordinal) ? part[..part.IndexOf('[')] : part;
            node = node![name];
            if (part.Contains('[', StringComparison.Ordinal))
            {
                node = node![int.Parse(part[(part.IndexOf('[') + 1)..part.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture)];
            }
        }

        return node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : node!.ToJsonString();
    }

    [Fact]
    public async Task Export_Snowflake_MembersInTheDocumentedOrder()
    {
        const string example = "post-integrations.snowflake.userPassword.request.json";
        Assert.Equal(0, (await RunAsync("create", "-f", Example(example))).Code);
        var dir = Path.Combine(_folder, "export-order");

        var (code, _, error) = await RunAsync("export", "--dir", dir);

        Assert.True(code == 0, error);
        var written = ImmutaYaml.ToJson(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(dir)), Ct));
        var documented = JsonNode.Parse(Examples.Read(example))!.AsObject();
        var exported = JsonNode.Parse(written)!.AsObject();
        // Defaults are left out; what is written keeps the example's order.
        Assert.Equal(documented.Select(m => m.Key).Where(exported.ContainsKey), exported.Select(m => m.Key));
        var config = exported["config"]!.AsObject();
        Assert.Equal(documented["config"]!.AsObject().Select(m => m.Key).Where(config.ContainsKey), config.Select(m => m.Key));
        Assert.True(config.Count >= 6, written);
    }
}

