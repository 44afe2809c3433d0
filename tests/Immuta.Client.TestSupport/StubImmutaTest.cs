using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>Base of the tests that talk HTTP to a WireMock stub: one stub per test, disposed after it.</summary>
public abstract class StubImmutaTest : IDisposable
{
    private protected StubImmutaTest(ImmutaClientOptions? options = null) => Stub = new StubImmuta(options);

    private protected StubImmuta Stub { get; }

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Stub.Dispose();
        GC.SuppressFinalize(this);
    }
}
