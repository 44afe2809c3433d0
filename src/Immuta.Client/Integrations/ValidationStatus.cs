using System.ComponentModel;
using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>The outcome of a validation test, or of all of them.</summary>
/// <remarks>Compares case-insensitively; <see cref="ToString"/> returns the wire text.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<ValidationStatus>))]
public readonly struct ValidationStatus : IEquatable<ValidationStatus>, IExtensibleEnum<ValidationStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text; use it for values this SDK does not know yet.</summary>
    /// <param name="value">The wire text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public ValidationStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>passed</c>: The check passed.</summary>
    public static ValidationStatus Passed { get; } = new("passed");

    /// <summary><c>failed</c>: The check failed.</summary>
    public static ValidationStatus Failed { get; } = new("failed");

    /// <summary><c>warning</c>: The check passed with a warning.</summary>
    public static ValidationStatus Warning { get; } = new("warning");

    /// <summary><c>skipped</c>: The check did not run.</summary>
    public static ValidationStatus Skipped { get; } = new("skipped");

    /// <summary>The wire text (<see langword="null"/> only for <c>default</c>).</summary>
    public string? Value => _value;

    static ValidationStatus IExtensibleEnum<ValidationStatus>.Create(string value) => new(value);

    static ValidationStatus[] IExtensibleEnum<ValidationStatus>.Known => [Passed, Failed, Warning, Skipped];

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator ValidationStatus(string value) => new(value);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(ValidationStatus left, ValidationStatus right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(ValidationStatus left, ValidationStatus right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ValidationStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ValidationStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text.</summary>
    /// <returns>The wire text, or an empty string for <c>default</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
