using System.Text.RegularExpressions;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Readme;

/// <summary>The README's C# is the compiled code in this folder (and the fake-server example): no block may drift.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void EveryCSharpBlock_StandsInACompiledFile()
    {
        var root = Examples.RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var compiled = new[] { "Readme/ReadmeSnippets.cs", "Fake/ReadmeFakeServerExample.cs", "Fake/ReadmeStubsExample.cs" }
            .Select(f => Normalize(File.ReadAllText(Path.Combine(root, "tests", "Immuta.Client.IntegrationTests", f))))
            .ToList();

        var blocks = CSharpBlock().Matches(readme).Select(m => Normalize(m.Groups["code"].Value)).ToList();

        Assert.True(blocks.Count >= 6, $"only {blocks.Count} C# blocks found");
        Assert.All(blocks, block => Assert.True(
            compiled.Any(file => Contains(file, block)),
            "This README block is not in the compiled snippets:\n" + string.Join('\n', block)));
    }

    [Fact]
    public void EveryRequestedSection_IsThereInOrder()
    {
        var readme = File.ReadAllText(Path.Combine(Examples.RepositoryRoot(), "README.md"));
        string[] order =
        [
            "## Install", "## Quickstart", "## Key concepts", "## Examples per platform", "## Dependency injection and configuration",
            "## Retries and timeouts", "## Waiting for an integration to settle", "## Errors", "## Testing your code with FakeImmutaServer",
            "## Integrations as code", "## Troubleshooting", "## Contributing",
        ];

        var positions = order.Select(h => readme.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();

        Assert.All(positions.Zip(order), p => Assert.True(p.First >= 0, $"missing section {p.Second}"));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void LocalValidationTable_EveryRuleWithItsSeverityAndSource()
    {
        var readme = File.ReadAllText(Path.Combine(Examples.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("\n## Local validation\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList();

        Assert.Equal(Immuta.Client.Validation.LocalRules.All.Count, rows.Count);
        Assert.All(Immuta.Client.Validation.LocalRules.All, rule =>
        {
            var severity = rule.AlwaysRefused ? "error, always refused" : rule.Severity == IntegrationValidationSeverity.Error ? "error" : "warning";
            Assert.Contains(rows, row => row.StartsWith($"| {rule.Name} | {severity} | {rule.Source} | ", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void PlatformExamples_EveryOne_PassesValidation()
    {
        var key = ImmutaJson.Deserialize<BigQueryIntegration>(Examples.Read("post-integrations.bigquery.request.json")).Config!.Credential!.Reveal();

        var examples = ReadmeSnippets.PlatformExamples("s3cret", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", key);

        Assert.Equal(7, examples.Count);
        Assert.All(examples, e => Assert.Empty(e.Validate()));
    }

    private static List<string> Normalize(string code)
        => code.Split('\n')
            .Select(l => l.Trim().TrimEnd(',', ';'))
            .Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal))
            .ToList();

    private static bool Contains(List<string> file, List<string> block)
    {
        for (var start = 0; start + block.Count <= file.Count; start++)
        {
            if (file.Skip(start).Take(block.Count).SequenceEqual(block))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
