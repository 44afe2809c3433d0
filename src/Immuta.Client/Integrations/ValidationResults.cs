using System.Text.Json;
using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>The checks Immuta ran against the platform connection (<c>validationResults</c>).</summary>
public sealed record ValidationResults : ImmutaModel
{
    /// <summary>Overall outcome: <c>passed</c>, <c>failed</c>, <c>warning</c> or <c>skipped</c> (<c>status</c>).</summary>
    [JsonPropertyName("status")]
    public ValidationStatus? Status { get; init; }

    /// <summary>The individual checks (<c>validationTests</c>); empty for Trino.</summary>
    [JsonPropertyName("validationTests")]
    public IReadOnlyList<ValidationTest>? ValidationTests { get; init; }

    /// <summary>The checks whose status is <c>failed</c>.</summary>
    [JsonIgnore]
    public IEnumerable<ValidationTest> FailedTests
        => ValidationTests?.Where(t => t.Status == ValidationStatus.Failed) ?? [];
}

/// <summary>One check Immuta ran (<c>validationResults.validationTests[]</c>).</summary>
public sealed record ValidationTest : ImmutaModel
{
    /// <summary>Name of the check, such as <c>Initial Validation: Basic Connection Test</c> (<c>name</c>).</summary>
    [JsonPropertyName("name")]
    [JsonConverter(typeof(SharedStringJsonConverter))]
    public string? Name { get; init; }

    /// <summary>Outcome (<c>status</c>).</summary>
    [JsonPropertyName("status")]
    public ValidationStatus? Status { get; init; }

    /// <summary>Context and remediation when the check fails (<c>message</c>).</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Raw result rows of the check, such as <c>[{"1": 1}]</c> (<c>result</c>).</summary>
    [JsonPropertyName("result")]
    [JsonConverter(typeof(MaskedForeignJsonConverter))]
    public IReadOnlyList<JsonElement>? Result { get; init; }
}
