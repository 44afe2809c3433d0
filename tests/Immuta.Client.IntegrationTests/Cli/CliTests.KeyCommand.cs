using System.Text.Json.Nodes;
using Immuta.Client.Cli;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Attack of issue 16 item 13 (a profile's key from a command): whatever the command prints, however it fails or hangs,
/// the key never prints and the tool ends with one line naming the profile.
/// </summary>
public sealed partial class CliTests
{
    private async Task<(int Code, string Out, string Error)> GetWithKeyCommandAsync(string keyCommand, TimeSpan? keyCommandTimeout = null)
    {
        var profiles = ProfilesFor(_fake, _fake, keyCommand.Replace("\\", "\\\\", StringComparison.Ordinal)); // a YAML double-quoted string: \\ is one backslash
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Variables = name => _variables.GetValueOrDefault(name),
            ClientOptions = new ImmutaClientOptions { Polling = TestBackend.FastPolling },
            KeyCommandTimeout = keyCommandTimeout ?? CliEnvironment.DefaultKeyCommandTimeout,
        };
        var code = await CliApp.RunAsync(["list", "-o", "json", "--profile", "prod", "--profiles-file", profiles], environment, Ct);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("printf '%s\\r\\n' KEY")]
    [InlineData("printf '  %s\\n\\n' KEY")]
    [InlineData("yes stderr-noise | head -c 4000000 >&2; echo KEY")] // 4 MB on standard error only: drained, never kept
    [InlineData("printf '%65536s' KEY")] // exactly the 64 KB bound, the key after spaces
    public async Task ListProfile_KeyCommandPrintsTheKeyWithLineEndsAndSpaces_KeyTrimmedAndUsed(string script)
    {
        var (code, output, error) = await GetWithKeyCommandAsync($"[sh, -c, \"{script.Replace("KEY", _fake.ApiKey, StringComparison.Ordinal)}\"]");

        Assert.True(code == 0, error);
        Assert.IsType<JsonArray>(JsonNode.Parse(output));
        Assert.DoesNotContain(_fake.ApiKey, output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo KEY >&2; exit 1", "exited with code 1")]
    [InlineData("echo KEY >&2", "printed nothing")]
    [InlineData("printf 'k\\303\\251y-KEY'", "cannot be sent in an HTTP header")]
    [InlineData("printf 'KEY\\nKEY'", "line break")]
    [InlineData("printf '%65537s' KEY", "printed more than 64 KB")] // one past the bound
    public async Task ListProfile_KeyCommandMisbehaves_OneLineNamingTheProfileNeverTheKey(string script, string expected)
    {
        const string Key = "key-material-5521";

        var (code, output, error) = await GetWithKeyCommandAsync($"[sh, -c, \"{script.Replace("KEY", Key, StringComparison.Ordinal)}\"]");

        Assert.NotEqual(0, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(Key, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task ListProfile_KeyCommandPrintsWithoutEnd_StoppedAtTheBoundWithOneLine()
    {
        // `yes` prints its argument forever: the read stops at 64 KB, not at the timeout (an hour here), by which the
        // output would have filled the memory.
        var (code, output, error) = await GetWithKeyCommandAsync("[yes, key-material-7730]", keyCommandTimeout: TimeSpan.FromHours(1));

        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Equal("error: profile 'prod': its apiKeyCommand 'yes' printed more than 64 KB on standard output: it was stopped (it must print the API key alone, and exit).\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(output);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task ListProfile_KeyCommandHangs_StoppedAfterItsTimeoutWithOneLine()
    {
        var (code, output, error) = await GetWithKeyCommandAsync("[sleep, '600']", keyCommandTimeout: TimeSpan.FromMilliseconds(200));

        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Equal("error: profile 'prod': its apiKeyCommand 'sleep' did not finish within 0.2 s: it was stopped (it must print the key on standard output and exit).\n", error.ReplaceLineEndings("\n"));
        Assert.Empty(output);
        Assert.Empty(_fake.Journal);
    }

    [Fact]
    public async Task ListProfile_KeyCommandExitsButItsChildHoldsTheOutputOpen_StoppedAfterItsTimeout()
    {
        var (code, _, error) = await GetWithKeyCommandAsync("[sh, -c, 'sleep 20 & echo key']", keyCommandTimeout: TimeSpan.FromMilliseconds(200));

        Assert.Equal(ExitCodes.ApiError, code);
        Assert.Contains("did not finish within 0.2 s", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Journal);
    }
}
