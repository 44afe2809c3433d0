using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>
/// A credential value (password, token, private key, client secret, AWS secret key, service-account key, API key).
/// It prints as <c>***</c> everywhere (<see cref="ToString"/>, debugger, string interpolation, records' <c>ToString</c>,
/// System.Text.Json with any options but the SDK's), and goes on the wire as a plain JSON string. Read the value with
/// <see cref="Reveal"/>.
/// </summary>
/// <remarks>
/// A string converts to a <see cref="SecretString"/> implicitly, so <c>Password = "abc"</c> works in an initializer.
/// Values the server sends back in place of a credential (<c>&lt;REDACTED&gt;</c>, <c>REDACTED</c>) are recognised by
/// <see cref="IsRedacted"/>: the client never sends <c>&lt;REDACTED&gt;</c>, and reports <c>REDACTED</c> as a warning of local
/// validation (Immuta's own Databricks examples send it as a token).
/// The value is written only by the SDK's own serializer (<see cref="ImmutaJson"/>, request bodies,
/// <see cref="IntegrationDefinitionFile"/>); <c>JsonSerializer.Serialize(model)</c> or any other
/// <see cref="JsonSerializerOptions"/> (a logger's, a web framework's) write <c>***</c>.
/// </remarks>
[DebuggerDisplay("***")]
[JsonConverter(typeof(SecretStringJsonConverter))]
public sealed class SecretString : IEquatable<SecretString>
{
    /// <summary>What <see cref="ToString"/> prints instead of the value.</summary>
    public const string Mask = "***";

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string _value;

    /// <summary>Wraps a credential value.</summary>
    /// <param name="value">The credential. It may be empty, never <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public SecretString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>
    /// <see langword="true"/> when the value is a marker the server returns instead of the credential
    /// (<c>&lt;REDACTED&gt;</c> or <c>REDACTED</c>, any case), not a real credential.
    /// </summary>
    public bool IsRedacted => ImmutaRedaction.IsRedactedValue(_value);

    /// <summary>Returns the credential in clear. Do not log it.</summary>
    /// <returns>The wrapped value.</returns>
    public string Reveal() => _value;

    /// <summary>Returns <c>***</c>, never the value.</summary>
    /// <returns>The mask.</returns>
    public override string ToString() => Mask;

    /// <summary>Wraps a string; <see langword="null"/> stays <see langword="null"/>.</summary>
    /// <param name="value">The credential.</param>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static implicit operator SecretString?(string? value) => value is null ? null : new SecretString(value);

    /// <summary>Wraps a string; <see langword="null"/> stays <see langword="null"/>.</summary>
    /// <param name="value">The credential.</param>
    /// <returns>The wrapped value, or <see langword="null"/>.</returns>
    public static SecretString? FromString(string? value) => value;

    /// <inheritdoc />
    public bool Equals(SecretString? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SecretString other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two secrets by value.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(SecretString? left, SecretString? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two secrets by value.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(SecretString? left, SecretString? right) => !(left == right);
}

/// <summary>Reads and writes a <see cref="SecretString"/> as a plain JSON string.</summary>
internal sealed class SecretStringJsonConverter : JsonConverter<SecretString>
{
    public override SecretString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for a credential, found {reader.TokenType}.");
        }

        return new SecretString(reader.GetString()!);
    }

    // Only the SDK's own serializer writes the value (request bodies, ImmutaJson, definition files); any other options
    // (a logger's, a web framework's, JsonSerializer.Serialize(model)) get the mask.
    public override void Write(Utf8JsonWriter writer, SecretString value, JsonSerializerOptions options)
    {
        if (!Serialization.JsonSecretMasker.RevealsSecrets(options))
        {
            writer.WriteStringValue(SecretString.Mask);
            return;
        }

        var text = Serialization.StrictStringJsonConverter.Checked(value.Reveal());
        Http.SecretScope.Record(text);
        writer.WriteStringValue(text);
    }
}
