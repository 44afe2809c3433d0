using Immuta.Client.Serialization;
using YamlDotNet.Core;

namespace Immuta.Client;

/// <summary>
/// Reads and writes the SDK's models as YAML with the same field names as the JSON (<c>autoBootstrap</c>,
/// <c>config.oAuthClientConfig</c>, …): a YAML file and its JSON twin give identical models. One document; duplicate
/// keys are rejected; aliases that would expand past 100,000 values are refused.
/// </summary>
public static class ImmutaYaml
{
    /// <summary>Writes a model as YAML.</summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/>.</typeparam>
    /// <param name="value">The model.</param>
    /// <returns>The YAML text.</returns>
    /// <exception cref="ImmutaSerializationException">The model cannot be written: a string holds an unpaired surrogate, which YAML cannot hold; the message names the path.</exception>
    public static string Serialize<T>(T value) => YamlJsonBridge.FromJson(ImmutaJson.Serialize(value));

    /// <summary>Reads a model from YAML.</summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/>.</typeparam>
    /// <param name="yaml">The YAML text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid YAML, or not a valid <typeparamref name="T"/>; the message names the line or field path.</exception>
    public static T Deserialize<T>(string yaml) => ImmutaJson.Deserialize<T>(ToJson(yaml));

    /// <summary>Converts JSON text to the equivalent YAML text, as <see cref="Serialize{T}"/> writes it (for JSON already masked for printing, say).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The YAML text.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid JSON, or holds a string YAML cannot (an unpaired surrogate).</exception>
    public static string FromJson([System.Diagnostics.CodeAnalysis.StringSyntax(System.Diagnostics.CodeAnalysis.StringSyntaxAttribute.Json)] string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return YamlJsonBridge.FromJson(json);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException("the JSON", exception);
        }
    }

    /// <summary>Converts YAML text to the equivalent JSON text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid YAML or breaks a limit.</exception>
    public static string ToJson(string yaml)
    {
        try
        {
            return YamlJsonBridge.ToJson(yaml);
        }
        catch (YamlException exception)
        {
            throw new ImmutaSerializationException($"Could not read the YAML (line {exception.Start.Line}, column {exception.Start.Column}): {WithoutFoundText(exception.Message)}", exception)
            {
                Line = (int)exception.Start.Line,
                Column = (int)exception.Start.Column,
            };
        }
        catch (YamlFormatException exception) when (exception.Start.Line > 0)
        {
            throw new ImmutaSerializationException($"Could not read the YAML (line {exception.Start.Line}, column {exception.Start.Column}): {exception.Message}", exception)
            {
                Line = (int)exception.Start.Line,
                Column = (int)exception.Start.Column,
            };
        }
        catch (FormatException exception)
        {
            throw new ImmutaSerializationException($"Could not read the YAML: {exception.Message}", exception);
        }
        catch (ArgumentException exception)
        {
            throw new ImmutaSerializationException($"Could not read the YAML: the text is not valid Unicode ({exception.Message})", exception);
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner throws this on some malformed plain scalars (found by the fuzz tests) instead of a YamlException.
            throw new ImmutaSerializationException($"Could not read the YAML: malformed text ({WithoutFoundText(exception.Message)})", exception);
        }
    }

    // YamlDotNet's parser ends some messages with what it found ("Expected 'MappingEnd', got 'Scalar […value…]'"): text of
    // the file, maybe a credential's value. The line and column say where; the message stops before it.
    private static string WithoutFoundText(string message)
        => message.IndexOf(", got ", StringComparison.Ordinal) is var got and >= 0 ? message[..got] + "." : message;
}
