using System.ComponentModel;
using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>The status of an integration (12 documented values; the server may add more, which are kept).</summary>
/// <remarks>Compares case-insensitively; <see cref="ToString"/> returns the wire text.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<IntegrationStatus>))]
public readonly struct IntegrationStatus : IEquatable<IntegrationStatus>, IExtensibleEnum<IntegrationStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text; use it for values this SDK does not know yet.</summary>
    /// <param name="value">The wire text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public IntegrationStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>creating</c>: Being created and set up (transitional).</summary>
    public static IntegrationStatus Creating { get; } = new("creating");

    /// <summary><c>enabled</c>: Enabled and active.</summary>
    public static IntegrationStatus Enabled { get; } = new("enabled");

    /// <summary><c>createError</c>: An error occurred while creating the integration.</summary>
    public static IntegrationStatus CreateError { get; } = new("createError");

    /// <summary><c>editing</c>: Being edited (transitional).</summary>
    public static IntegrationStatus Editing { get; } = new("editing");

    /// <summary><c>editError</c>: An error occurred while editing; the previous configuration was restored.</summary>
    public static IntegrationStatus EditError { get; } = new("editError");

    /// <summary><c>deleting</c>: Being disabled or deleted (transitional).</summary>
    public static IntegrationStatus Deleting { get; } = new("deleting");

    /// <summary><c>deleted</c>: Deleted.</summary>
    public static IntegrationStatus Deleted { get; } = new("deleted");

    /// <summary><c>deleteError</c>: An error occurred while deleting; the integration was rolled back.</summary>
    public static IntegrationStatus DeleteError { get; } = new("deleteError");

    /// <summary><c>disabled</c>: Force-disabled; no clean-up was done on the platform.</summary>
    public static IntegrationStatus Disabled { get; } = new("disabled");

    /// <summary><c>migrating</c>: A migration (for example a stored-procedure update) is running (transitional).</summary>
    public static IntegrationStatus Migrating { get; } = new("migrating");

    /// <summary><c>migrateError</c>: An error occurred during a migration; the integration was rolled back.</summary>
    public static IntegrationStatus MigrateError { get; } = new("migrateError");

    /// <summary><c>recurringValidationError</c>: The periodic validation failed; the integration may be misconfigured.</summary>
    public static IntegrationStatus RecurringValidationError { get; } = new("recurringValidationError");

    /// <summary>The wire text (<see langword="null"/> only for <c>default</c>).</summary>
    public string? Value => _value;

    static IntegrationStatus IExtensibleEnum<IntegrationStatus>.Create(string value) => new(value);

    static IntegrationStatus[] IExtensibleEnum<IntegrationStatus>.Known => [Creating, Enabled, CreateError, Editing, EditError, Deleting, Deleted, DeleteError, Disabled, Migrating, MigrateError, RecurringValidationError];

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator IntegrationStatus(string value) => new(value);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(IntegrationStatus left, IntegrationStatus right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(IntegrationStatus left, IntegrationStatus right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(IntegrationStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is IntegrationStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text.</summary>
    /// <returns>The wire text, or an empty string for <c>default</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
