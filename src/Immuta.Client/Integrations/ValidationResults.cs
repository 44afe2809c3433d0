using System.Text;
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

    /// <summary>
    /// Raw result of the check as the server sent it (<c>result</c>): usually rows such as <c>[{"1": 1}]</c>, but the API
    /// gives it no schema, so any JSON is accepted (a string such as <c>"connection refused"</c>, an object, …).
    /// </summary>
    /// <remarks>Never printed by <see cref="object.ToString"/> (it may echo configuration): only its JSON kind is.</remarks>
    [JsonPropertyName("result")]
    [JsonConverter(typeof(MaskedForeignJsonConverter))]
    public JsonElement? Result { get; init; }

    /// <summary>Prints name, status and message, the JSON kind of <see cref="Result"/> (never its value), and the names of unknown members.</summary>
    /// <param name="builder">The builder of <see cref="object.ToString"/>.</param>
    /// <returns><see langword="true"/>.</returns>
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Name = ").Append(Name)
            .Append(", Status = ").Append(Status?.ToString())
            .Append(", Message = ").Append(Message)
            .Append(", Result = ").Append(Result is { } result ? result.ValueKind.ToString() : null);
        var mark = builder.Length;
        builder.Append(", ");
        if (!base.PrintMembers(builder))
        {
            builder.Length = mark;
        }

        return true;
    }
}
