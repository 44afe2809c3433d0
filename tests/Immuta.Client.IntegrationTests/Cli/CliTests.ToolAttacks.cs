using System.Text.Json.Nodes;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// <c>immuta-integrations</c> attacked with combinations: a platform the SDK does not know, whose credentials sit in
/// unknown nested members of a YAML file, taken through apply, get, list, export and apply again; credentials whose names
/// make one variable name (attacks of stop 23).
/// </summary>
public sealed partial class CliTests
{
    private const string SpectrumYaml = """
        type: Amazon Redshift Spectrum
        autoBootstrap: false
        config:
          host: spectrum.example.com
          connection:
            Pass_Word: "S3cr3t-Spectrum-One\t'\"é😀"
            extra:
              - sigToken: S3cr3t-Spectrum-Two
                note: keep me
          futureFlag: true
          futureNumber: 12345678901234567890
        """;

    [Fact]
    public async Task ApplyExportApply_UnknownPlatformWithNestedUnknownCredentials_NothingPrintedNothingLostNothingResent()
    {
        var file = WriteFile("spectrum.yaml", SpectrumYaml);
        var printed = new List<string>();

        var applied = await RunRecordingAsync(printed, "apply", "-f", file);
        Assert.True(applied.Code == 0, applied.Error);
        var stored = JsonNode.Parse(ImmutaJson.Serialize(Assert.Single(_fake.Integrations).Definition))!;
        Assert.Equal("<REDACTED>", (string?)stored["config"]!["connection"]!["Pass_Word"]); // the fake reads back as Immuta does
        Assert.Equal("<REDACTED>", (string?)stored["config"]!["connection"]!["extra"]![0]!["sigToken"]);
        Assert.Equal("keep me", (string?)stored["config"]!["connection"]!["extra"]![0]!["note"]);
        Assert.Equal("12345678901234567890", stored["config"]!["futureNumber"]!.ToJsonString());

        foreach (var format in new[] { "json", "yaml", "table" })
        {
            await RunRecordingAsync(printed, "get", "1", "-o", format);
            await RunRecordingAsync(printed, "list", "-o", format);
        }

        var again = await RunRecordingAsync(printed, "apply", "-f", file, "-o", "json");
        var dir = Path.Combine(_folder, "export");
        var exported = await RunRecordingAsync(printed, "export", "--dir", dir);
        Assert.True(exported.Code == 0, exported.Error);
        var exportedFile = Assert.Single(Directory.GetFiles(dir));
        printed.Add(await File.ReadAllTextAsync(exportedFile, Ct));
        foreach (var line in exported.Out.Split('\n').Where(l => l.StartsWith("  set ", StringComparison.Ordinal)))
        {
            var variable = line["  set ".Length..line.IndexOf(' ', "  set ".Length)];
            var field = line[(line.IndexOf('(') + 1)..line.LastIndexOf(')')];
            _variables[variable] = field.EndsWith("Pass_Word", StringComparison.Ordinal) ? "S3cr3t-Spectrum-One\t'\"é😀" : "S3cr3t-Spectrum-Two";
        }

        var fromExport = await RunRecordingAsync(printed, "apply", "-f", exportedFile);

        Assert.True(again.Code == 0, again.Error);
        Assert.Single(_fake.Integrations); // the tool cannot tell its identity, so it sends the create and Immuta's 409 names the one to compare
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "PUT");
        Assert.True(fromExport.Code == 0, fromExport.Error);
        Assert.Contains("plan: no change:", fromExport.Error, StringComparison.Ordinal); // Immuta's 409 named it: compared, nothing sent
        var all = string.Join("\n", printed);
        Assert.DoesNotContain("S3cr3t", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Spectrum-One", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Spectrum-Two", all, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("keep me", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("token", "Token")]
    [InlineData("api-token", "api_token")]
    [InlineData("пароль", "密码")]
    public async Task Export_TwoCredentialsWhoseNamesMakeTheSameVariableName_EachItsOwnVariable(string first, string second)
    {
        var definition = new JsonObject
        {
            ["type"] = "Amazon Redshift Spectrum",
            ["autoBootstrap"] = false,
            ["config"] = new JsonObject { ["host"] = "spectrum.example.com", [first] = "S3cr3t-First-1", [second] = "S3cr3t-Second-2" },
        };
        Assert.Equal(0, (await RunAsync("create", "-f", WriteFile("spectrum.json", definition.ToJsonString()))).Code);

        var (code, output, error) = await RunAsync("export", "--dir", Path.Combine(_folder, "out"));

        Assert.True(code == 0, error);
        var variables = output.Split('\n').Where(l => l.StartsWith("  set ", StringComparison.Ordinal)).Select(l => l.Split(' ')[3]).ToList();
        Assert.Equal(2, variables.Count);
        Assert.Equal(2, variables.Distinct(StringComparer.Ordinal).Count());
    }

    private async Task<(int Code, string Out, string Error)> RunRecordingAsync(List<string> printed, params string[] args)
    {
        var result = await ToolRunner.RunAsync(_variables, isTerminal: false, args);
        printed.Add(result.Out);
        printed.Add(result.Error);
        return result;
    }
}
