using System.Net;
using System.Text;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>
/// Odd answers to a GET over a real socket (the SDK's own handler, decompression included): a success without a body,
/// a 3xx without Location, a 304, errors with an empty, HTML, non-UTF-8 or gzip-lying body, a 200 that is an HTML page.
/// Each ends in a documented exception whose message names the method, the path and (for a non-2xx) the status, and
/// holds no secret.
/// </summary>
public sealed class OddStatusAttackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int, string?, string?, string?> OddAnswers => new()
    {
        { 204, null, null, null },
        { 205, null, null, null },
        { 200, "text/html", "<html><body>Sign in</body></html>", null },
        { 200, "application/json", "{\"id\":\"abc\"", "gzip" },
        { 301, null, null, null },
        { 302, "text/html", "<a>moved</a>", null },
        { 304, null, null, null },
        { 400, "application/json", string.Empty, null },
        { 404, "text/html", "<html><h1>Not Found</h1></html>", null },
        { 500, "application/json", "{\"message\":\"boom\"}", "gzip" },
        { 500, "application/json", "{\"message\":\"boom\"}", "br" },
        { 502, "text/plain; charset=iso-8859-1", "caf\u00e9 down", null },
        { 503, "text/plain; charset=utf-16", "down", null },
        { 418, "application/json", "{\"message\":" + new string('x', 2_000_000) + "\"}", null },
        { 299, "application/json", "{}", null },
    };

    [Theory]
    [MemberData(nameof(OddAnswers))]
    public async Task GetAsync_OddAnswer_ImmutaExceptionNamingMethodPathAndStatus(int status, string? contentType, string? body, string? contentEncoding)
    {
        using var stub = new StubImmuta();
        var headers = contentEncoding is null ? [] : new[] { ("Content-Encoding", contentEncoding) };
        if (body is null)
        {
            stub.Reply("GET", "/integrations/abc", status, null, headers: headers);
        }
        else
        {
            stub.Reply("GET", "/integrations/abc", status, body, contentType!, headers);
        }

        var error = await Record.ExceptionAsync(() => stub.Integrations.GetAsync("abc", Ct));

        Assert.NotNull(error);
        Assert.IsAssignableFrom<ImmutaException>(error);
        Assert.Contains("GET", error.Message, StringComparison.Ordinal);
        Assert.Contains("/integrations/abc", error.Message, StringComparison.Ordinal);
        if (status is < 200 or >= 300)
        {
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(StubImmuta.ApiKey, error.ToString(), StringComparison.Ordinal);
    }
}
