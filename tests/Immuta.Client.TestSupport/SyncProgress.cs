namespace Immuta.Client.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (unlike <see cref="Progress{T}"/>), so tests see every report in order.</summary>
internal sealed class SyncProgress(Action<IntegrationOperationProgress> report) : IProgress<IntegrationOperationProgress>
{
    public void Report(IntegrationOperationProgress value) => report(value);
}
