using System.Net;
using System.Text;
using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// A credential holding a character outside the Basic Multilingual Plane (an emoji: two UTF-16 code units), echoed by the
/// server in an escaping that writes it as one code point: URL encoding (four <c>%XX</c>), an HTML character reference,
/// YAML's or Python's <c>\UXXXXXXXX</c>. None of the credential reaches the exception.
/// </summary>
public sealed class EchoedSupplementaryCharacterTests
{
    private const string Password = "hunter2-Core7731\U0001F600battery-Staple99";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How the server wrote the emoji back.</summary>
    public static TheoryData<string> Echoes() => new(
        Uri.EscapeDataString(Password),
        "hunter2-Core7731&#128512;battery-Staple99",
        "hunter2-Core7731&#x1F600;battery-Staple99",
        @"hunter2-Core7731\U0001F600battery-Staple99",
        @"hunter2-Core7731\ud83d\ude00battery-Staple99");

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task CreateAsync_CredentialWithAnEmojiEchoedAsOneCodePoint_NotInTheException(string echoed)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "Bad Request", ["message"] = $"cannot connect with password={echoed}" });
        using var client = AnsweringClient.Create(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        var error = await Assert.ThrowsAnyAsync<ImmutaApiException>(() => client.Integrations.CreateAsync(ImmutaWaitUntil.Started, WithPassword(Password), Ct));

        var printed = string.Join("\n", error.ToString(), error.ServerMessage, error.Error);
        Assert.DoesNotContain("Core7731", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Staple99", printed, StringComparison.OrdinalIgnoreCase);
    }

    private static SnowflakeIntegration WithPassword(string password) => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig
        {
            Host = "acme.snowflakecomputing.com", Warehouse = "WH", Database = "DB", AuthenticationType = AuthenticationType.UserPassword,
            Username = "SYSTEM_ACCOUNT", Password = password,
        },
    };
}
