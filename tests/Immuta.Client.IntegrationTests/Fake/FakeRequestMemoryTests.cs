using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// A 60 MB request body is answered 413 without being buffered: the whole process allocates less than half of it (buffering
/// it takes at least all of it; 1-7 MB are measured). Runs alone (serial collection) so no other test's allocations
/// count; the figure does not depend on the machine's speed.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class FakeRequestMemoryTests
{
    private const long SixtyMegabytes = 60L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Create_SixtyMegabyteBody_413WithoutBufferingIt(bool declareLength)
    {
        await using var fake = FakeImmutaServer.Start();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.Uri, "/integrations")) { Content = new GeneratedContent(SixtyMegabytes, declareLength) };
        request.Headers.TryAddWithoutValidation("Authorization", fake.ApiKey);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        using var response = await http.SendAsync(request, Ct);
        await response.Content.ReadAsStringAsync(Ct);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < SixtyMegabytes / 2, $"{allocated} bytes were allocated for a {SixtyMegabytes}-byte body");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(fake.Integrations);
    }

    /// <summary>A body of <c>'x'</c> bytes written from one reused buffer, so the client allocates next to nothing.</summary>
    private sealed class GeneratedContent(long length, bool declareLength) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var sent = 0L; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return declareLength;
        }
    }
}
