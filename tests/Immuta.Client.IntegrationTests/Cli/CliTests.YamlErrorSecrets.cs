using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// A YAML error on a credential member does not print its value: a password written as <c>*hunter2</c> reads as an alias,
/// as <c>!hunter2</c> as a tag, and the messages about them would quote that text. File, line and column still say where.
/// </summary>
public sealed partial class CliTests
{
    private const string YamlSecret = "Hunter2Yaml";

    private string SnowflakeYaml(string name, string credentialLines) => WriteFile(name, $"""
        type: Snowflake
        autoBootstrap: true
        config:
          host: acme.snowflakecomputing.com
          warehouse: W
          database: D
          authenticationType: userPassword
          username: svc
        {credentialLines}
        """);

    public static TheoryData<string, int> SecretMembersWithTextAYamlErrorWouldQuote() => new()
    {
        { $"  password: *{YamlSecret}", 9 },
        { $"  password: !{YamlSecret}", 9 },
        { $"  password: !{YamlSecret} more", 9 },
        { $"  password: !!{YamlSecret}", 9 },
        { $"  \"pass\\x77ord\": *{YamlSecret}", 9 },
        { $"  'Pass_Word': !{YamlSecret}", 9 },
        { $"  contraseña: *{YamlSecret}", 9 },
        { $"  oAuthClientConfig:\n    clientSecret: !{YamlSecret}", 10 },
        { $"  password: !{YamlSecret} [a, b]", 9 },
        { $"  password: !{YamlSecret} {{a: b}}", 9 },
        { $"  credentials:\n    - *{YamlSecret}", 10 },
        { $"  credentials:\n    nested: !{YamlSecret}", 10 },
        { $"  password: |\n    first line\n  token: *{YamlSecret}", 11 },
    };

    [Theory]
    [MemberData(nameof(SecretMembersWithTextAYamlErrorWouldQuote))]
    public async Task Validate_YamlErrorOnACredentialMember_NamesFileAndLineNotTheValue(string credentialLines, int line)
    {
        var file = SnowflakeYaml("secret.yaml", credentialLines);

        var (code, output, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith($"error: {file}:{line}:", error, StringComparison.Ordinal);
        Assert.DoesNotContain(YamlSecret, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Validate_YamlTypeTagOnACredentialMember_NamesTheTag()
    {
        var file = SnowflakeYaml("binary.yaml", "  password: !!binary aGVsbG8=");

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {file}:9:13: a value is tagged !!binary, a tag this reader does not know", error, StringComparison.Ordinal);
        Assert.DoesNotContain("aGVsbG8", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AliasWithoutAnchorOnAnOrdinaryMember_NamesTheAlias()
    {
        var file = SnowflakeYaml("alias.yaml", "  password: p\n  role: *defaultRole");

        var (code, _, error) = await RunAsync("validate", "-f", file);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {file}:10:9: the alias *defaultRole names no anchor.", error, StringComparison.Ordinal);
    }
}
