namespace Immuta.Client.Testing;

// One stored integration.
internal sealed partial class FakeImmutaEngine
{
    private sealed class FakeIntegration(long id, IntegrationDefinition definition, ValidationResults validation)
    {
        /// <summary>A copy: definitions and validation results are immutable records, so a shallow one is whole.</summary>
        public FakeIntegration Copy() => (FakeIntegration)MemberwiseClone();

        public long Id { get; } = id;

        public IntegrationDefinition Definition { get; set; } = definition;

        public IntegrationDefinition? Previous { get; set; }

        public ValidationResults Validation { get; set; } = validation;

        public IntegrationStatus Status { get; set; }

        public IntegrationStatus? Target { get; set; }

        public DateTimeOffset SettleAt { get; set; }

        public int? PollsLeft { get; set; }

        public bool Held { get; set; }

        public bool RemoveOnSettle { get; set; }

        public bool Removed { get; set; }
    }
}
