using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>
/// Attack of issue 16 item 9 (typed placeholders): a whole-value <c>${NAME}</c> where the model wants a number or a
/// boolean is sent as that JSON type when its text is one, refused naming the variable (never its value) when it is not.
/// </summary>
public sealed partial class CliTests
{
    [Theory]
    [InlineData("5439", "5439")]
    [InlineData(" 5439 ", "5439")]
    [InlineData("05439", "5439")]
    [InlineData("-1", "-1")]
    public async Task Create_WholePortPlaceholderHoldingAWholeNumber_SentAsThatNumber(string value, string sent)
    {
        _variables["REDSHIFT_PORT"] = value;

        var (code, _, error) = await RunAsync("create", "-f", RedshiftYaml("  port: ${REDSHIFT_PORT}"), "--skip-validation");

        Assert.True(code == 0, error);
        Assert.Contains($"\"port\":{sent},", Assert.Single(_fake.Journal, r => r.Method == "POST").Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5439.0")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    [InlineData("3000000000")]
    [InlineData("")]
    [InlineData("0x153F")]
    public async Task Create_WholePortPlaceholderNotAWholeNumber_ErrorNamesTheVariableNotItsValue(string value)
    {
        _variables["REDSHIFT_PORT"] = value;
        var file = RedshiftYaml("  port: ${REDSHIFT_PORT}");

        var (code, output, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Matches($@"^error: {System.Text.RegularExpressions.Regex.Escape(file)}:10:\d+: config\.port: ", error);
        Assert.Contains("REDSHIFT_PORT", error, StringComparison.Ordinal);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, output + error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_WholePortPlaceholderUnset_ErrorSaysTheVariableIsNotSet()
    {
        var (code, _, error) = await RunAsync("create", "-f", RedshiftYaml("  port: ${REDSHIFT_PORT}"));

        Assert.Equal(2, code);
        Assert.Contains("config.port: the environment variable REDSHIFT_PORT is not set", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_WholePortPlaceholderWithDefault_UnsetVariableSendsTheDefaultAsANumber()
    {
        var (code, _, error) = await RunAsync("create", "-f", RedshiftYaml("  port: ${REDSHIFT_PORT:-5439}"));

        Assert.True(code == 0, error);
        Assert.Contains("\"port\":5439,", Assert.Single(_fake.Journal, r => r.Method == "POST").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_EscapedPortPlaceholder_KeptAsTextAndRefusedAsNotANumber()
    {
        _variables["REDSHIFT_PORT"] = "5439";

        var (code, _, error) = await RunAsync("create", "-f", RedshiftYaml("  port: $${REDSHIFT_PORT}"));

        Assert.Equal(2, code);
        Assert.Contains("config.port", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    public async Task Create_WholeBooleanPlaceholderHoldingTrueOrFalse_SentAsABoolean(string value, bool sent)
    {
        _variables["IMPERSONATE"] = value;
        var file = RedshiftYaml("  impersonation:\n    enabled: ${IMPERSONATE}\n    role: IMMUTA_IMPERSONATION");

        var (code, _, error) = await RunAsync("create", "-f", file, "--skip-validation");

        Assert.True(code == 0, error);
        Assert.Contains($"\"impersonation\":{{\"enabled\":{(sent ? "true" : "false")}", Assert.Single(_fake.Journal, r => r.Method == "POST").Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("")]
    public async Task Create_WholeBooleanPlaceholderNotTrueOrFalse_ErrorNamesTheVariableNotItsValue(string value)
    {
        _variables["IMPERSONATE"] = value;
        var file = RedshiftYaml("  impersonation:\n    enabled: ${IMPERSONATE}\n    role: IMMUTA_IMPERSONATION");

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Contains("config.impersonation.enabled: expected a boolean (true or false), and the environment variable IMPERSONATE", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_WholePortPlaceholderInJson_SentAsANumber()
    {
        _variables["SF_PORT"] = "443";
        var file = SnowflakeFile("port.json", c => c["port"] = "${SF_PORT}");

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.True(code == 0, error);
        Assert.Contains("\"port\":443", Assert.Single(_fake.Journal, r => r.Method == "POST").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_CredentialPlaceholderWhereTheModelWantsAnObject_ErrorNeverHoldsTheValue()
    {
        const string Secret = "s3cret-object-value-771";
        _variables["SF_CONFIG"] = Secret;
        var file = WriteFile("whole-config.json", """{"type":"Snowflake","autoBootstrap":true,"config":"${SF_CONFIG}"}""");

        var (code, output, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Contains("config", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_PasswordPlaceholderUnset_ErrorNamesTheVariableAndTheFieldOnly()
    {
        var file = RedshiftYaml(string.Empty);
        File.WriteAllText(file, File.ReadAllText(file).Replace("password: abc1234", "password: ${RS_PASSWORD}", StringComparison.Ordinal));

        var (code, _, error) = await RunAsync("create", "-f", file);

        Assert.Equal(2, code);
        Assert.Contains("config.password: the environment variable RS_PASSWORD is not set", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Journal, r => r.Method == "POST");
    }
}
