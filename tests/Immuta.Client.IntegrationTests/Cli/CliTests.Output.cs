using System.Text.Json;
using Xunit;

namespace Immuta.Client.Tests.Cli;

/// <summary>Smaller output defects (issue 16, item 8): ids print as one type everywhere; a transport failure shows its cause.</summary>
public sealed partial class CliTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task Status_IdAnsweredAsANumber_PrintedAsAStringLikeGetAndList(string format)
    {
        Assert.Equal(0, (await RunAsync("create", "-f", Example("post-integrations.redshift.userPassword.request.json"))).Code);

        var (code, output, error) = await RunAsync("status", "1", "-o", format);

        Assert.True(code == 0, error);
        var json = format == "json" ? output : ImmutaYaml.ToJson(output);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(json).RootElement.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task List_HttpsUrlToAnHttpServer_ErrorShowsTheInnerCause()
    {
        _variables["IMMUTA_URL"] = _fake.Uri.ToString().Replace("http://", "https://", StringComparison.Ordinal);

        var (code, _, error) = await RunAsync("list");

        Assert.Equal(1, code);
        Assert.Contains("SSL", error, StringComparison.Ordinal);
        Assert.Contains("(cause: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
