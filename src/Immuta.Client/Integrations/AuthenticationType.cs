using System.ComponentModel;
using System.Text.Json.Serialization;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>How Immuta authenticates to the data platform: the <c>config.authenticationType</c> field.</summary>
/// <remarks>Compares case-insensitively; <see cref="ToString"/> returns the wire text.</remarks>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<AuthenticationType>))]
public readonly struct AuthenticationType : IEquatable<AuthenticationType>, IExtensibleEnum<AuthenticationType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text; use it for values this SDK does not know yet.</summary>
    /// <param name="value">The wire text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public AuthenticationType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>userPassword</c>: Username and password (Snowflake, Redshift, Azure Synapse Analytics).</summary>
    public static AuthenticationType UserPassword { get; } = new("userPassword");

    /// <summary><c>keyPair</c>: Username and private key (Snowflake).</summary>
    public static AuthenticationType KeyPair { get; } = new("keyPair");

    /// <summary><c>oAuthClientCredentials</c>: External OAuth client credentials (Snowflake).</summary>
    public static AuthenticationType OAuthClientCredentials { get; } = new("oAuthClientCredentials");

    /// <summary><c>token</c>: Personal access token (Databricks).</summary>
    public static AuthenticationType Token { get; } = new("token");

    /// <summary><c>oAuthM2M</c>: OAuth machine-to-machine (Databricks).</summary>
    public static AuthenticationType OAuthM2M { get; } = new("oAuthM2M");

    /// <summary><c>okta</c>: Okta credentials (Redshift).</summary>
    public static AuthenticationType Okta { get; } = new("okta");

    /// <summary><c>auto</c>: An IAM role Immuta assumes (Native S3).</summary>
    public static AuthenticationType Auto { get; } = new("auto");

    /// <summary><c>accessKey</c>: An AWS access key (Native S3).</summary>
    public static AuthenticationType AccessKey { get; } = new("accessKey");

    /// <summary>The wire text (<see langword="null"/> only for <c>default</c>).</summary>
    public string? Value => _value;

    static AuthenticationType IExtensibleEnum<AuthenticationType>.Create(string value) => new(value);

    static AuthenticationType[] IExtensibleEnum<AuthenticationType>.Known => [UserPassword, KeyPair, OAuthClientCredentials, Token, OAuthM2M, Okta, Auto, AccessKey];

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The wire text.</param>
    public static implicit operator AuthenticationType(string value) => new(value);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(AuthenticationType left, AuthenticationType right) => left.Equals(right);

    /// <summary>Compares two values case-insensitively.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(AuthenticationType left, AuthenticationType right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(AuthenticationType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is AuthenticationType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text.</summary>
    /// <returns>The wire text, or an empty string for <c>default</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
