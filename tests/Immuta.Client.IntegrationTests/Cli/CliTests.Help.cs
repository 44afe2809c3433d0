using System.Text.RegularExpressions;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Issue 16 defect 8 (last item): each command's help lists exactly the options it uses, and an option that means nothing
/// to a command (<c>schema --api-key</c>) is a usage error, not silently ignored.
/// </summary>
public sealed partial class CliTests
{
    private const string Tenant = "--allow-insecure-http --api-key --profile --profiles-file --url";

    public static TheoryData<string, string> OptionsOfEachCommand() => new()
    {
        { "list", $"{Tenant} --output --show-secrets" },
        { "get", $"{Tenant} --output --show-secrets" },
        { "status", $"{Tenant} --output" },
        { "create", $"{Tenant} --dry-run --file --no-wait --output --show-secrets --skip-validation --timeout" },
        { "update", $"{Tenant} --dry-run --file --no-wait --output --show-secrets --skip-validation --timeout" },
        { "delete", $"{Tenant} --dry-run --file --force-disable --no-wait --output --skip-validation --timeout" },
        { "regenerate-key", $"{Tenant} --output" },
        { "validate", "--file" },
        { "plan", $"{Tenant} --detailed-exitcode --file --prune --resend-credentials --skip-validation" },
        { "apply", $"{Tenant} --dry-run --file --output --prune --resend-credentials --show-secrets --skip-validation --timeout" },
        { "script create", $"{Tenant} --file --out --skip-validation" },
        { "script edit", $"{Tenant} --file --out --skip-validation" },
        { "script delete", $"{Tenant} --out" },
        { "schema", string.Empty },
        { "export", $"{Tenant} --dir" },
    };

    [Theory]
    [MemberData(nameof(OptionsOfEachCommand))]
    public async Task Help_EachCommand_ListsExactlyTheOptionsItUses(string command, string expected)
    {
        var (code, output, error) = await RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(code == 0, error);
        var section = output[output.IndexOf("Options:", StringComparison.Ordinal)..];
        var listed = section.Split('\n')
            .Where(line => line.StartsWith("  -", StringComparison.Ordinal))
            .SelectMany(line => Regex.Matches(line.Trim().Split("  ")[0], "--[a-z][a-z-]*").Select(m => m.Value))
            .Where(option => option != "--help")
            .Order(StringComparer.Ordinal);
        Assert.Equal(string.Join(' ', expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)), string.Join(' ', listed));
    }

    [Theory]
    [InlineData("schema", "--api-key")]
    [InlineData("validate", "--api-key")]
    [InlineData("validate", "--url")]
    [InlineData("schema", "--show-secrets")]
    [InlineData("validate", "--profile")]
    public async Task OptionOfAnotherCommand_UsageErrorExit2(string command, string option)
    {
        string[] args = command == "validate"
            ? ["validate", "-f", Example("post-integrations.trino.request.json"), option, "x"]
            : [command, option, "x"];

        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
