namespace Immuta.Client;

/// <summary>
/// The markers Immuta returns in place of credentials on read: <c>&lt;REDACTED&gt;</c> (Snowflake username and password)
/// and <c>REDACTED</c> (Databricks token).
/// </summary>
public static class ImmutaRedaction
{
    /// <summary>The marker Immuta returns for Snowflake credentials.</summary>
    public const string AngleBracketMarker = "<REDACTED>";

    /// <summary>The marker Immuta returns for a Databricks token.</summary>
    public const string PlainMarker = "REDACTED";

    /// <summary>Tells whether a value is one of the server's redaction markers rather than a real value.</summary>
    /// <param name="value">The value to test.</param>
    /// <returns><see langword="true"/> for <c>&lt;REDACTED&gt;</c> or <c>REDACTED</c> (any case, surrounding spaces ignored).</returns>
    public static bool IsRedactedValue(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var trimmed = value.AsSpan().Trim();
        return trimmed.Equals(AngleBracketMarker, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(PlainMarker, StringComparison.OrdinalIgnoreCase);
    }
}
