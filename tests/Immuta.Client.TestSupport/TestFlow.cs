namespace Immuta.Client.Tests.Support;

/// <summary>
/// Marks the asynchronous flow of one test, so that a process-wide listener (a <c>MeterListener</c>, an
/// <c>ActivityListener</c>) keeps only what this test's own calls record. Listeners hear every test running alongside;
/// their callbacks run in the flow of the call that records, and the marker flows into every call the test makes after
/// it is made (an <see cref="AsyncLocal{T}"/>), never into another test's.
/// </summary>
internal sealed class TestFlow
{
    private static readonly AsyncLocal<TestFlow?> Marker = new();

    private TestFlow()
    {
    }

    /// <summary>Whether the code running now was started by the test that made this marker (after it made it).</summary>
    public bool IsCurrent => ReferenceEquals(Marker.Value, this);

    /// <summary>Marks the calling test's flow from here on.</summary>
    public static TestFlow Mark()
    {
        var flow = new TestFlow();
        Marker.Value = flow; // a synchronous method: the change stays in the caller's flow
        return flow;
    }
}
