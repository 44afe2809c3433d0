namespace Immuta.Client.Testing;

// Restoring the state a failed request found.
internal sealed partial class FakeImmutaEngine
{
    /// <summary>Everything a request can change, copied before it runs so a failure can put it back.</summary>
    private sealed class State
    {
        private readonly List<FakeIntegration> _integrations;
        private readonly FakeFault[] _faults;
        private readonly KeyValuePair<FakeRequestKind, (int Status, string Message)>[] _rejections;
        private readonly KeyValuePair<IntegrationOperationKind, ValidationTest>[] _failures;
        private readonly FakeRequestKind[] _prerequisiteFailures;
        private readonly long _nextId;

        public State(FakeImmutaEngine engine)
        {
            _integrations = [.. engine._integrations.Values.Select(i => i.Copy())];
            _faults = [.. engine._faults];
            _rejections = [.. engine._rejections];
            _failures = [.. engine._failures];
            _prerequisiteFailures = [.. engine._prerequisiteFailures];
            _nextId = engine._nextId;
        }

        public void Restore(FakeImmutaEngine engine)
        {
            engine._integrations.Clear();
            foreach (var integration in _integrations)
            {
                engine._integrations[integration.Id] = integration;
            }

            engine._faults.Clear();
            foreach (var fault in _faults)
            {
                engine._faults.Enqueue(fault);
            }

            engine._rejections.Clear();
            foreach (var (kind, rejection) in _rejections)
            {
                engine._rejections[kind] = rejection;
            }

            engine._failures.Clear();
            foreach (var (kind, test) in _failures)
            {
                engine._failures[kind] = test;
            }

            engine._prerequisiteFailures.Clear();
            engine._prerequisiteFailures.UnionWith(_prerequisiteFailures);
            engine._nextId = _nextId;
        }
    }
}
