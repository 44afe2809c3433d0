using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// Reads and writes the SDK's models as Immuta's JSON, with the same (source-generated, trim-safe) settings the client uses
/// on the wire: <c>type</c> anywhere in an integration, unknown members kept, absent members left absent.
/// </summary>
public static class ImmutaJson
{
    /// <summary>The serializer options the SDK uses. Read-only.</summary>
    public static JsonSerializerOptions Options => ImmutaJsonContext.Default.Options;

    /// <summary>Writes a model as JSON.</summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/> or <see cref="Integration"/>.</typeparam>
    /// <param name="value">The model.</param>
    /// <param name="indented">Whether to indent the output.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize<T>(T value, bool indented = false)
    {
        var info = TypeInfo<T>();
        if (!indented)
        {
            return JsonSerializer.Serialize(value, info);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            JsonSerializer.Serialize(writer, value, info);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a model from JSON.</summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/> or <see cref="Integration"/>.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid JSON for <typeparamref name="T"/>; the message names the JSON path.</exception>
    public static T Deserialize<T>([StringSyntax(StringSyntaxAttribute.Json)] string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo<T>())
                ?? throw new ImmutaSerializationException($"Expected a {typeof(T).Name}, found JSON null.", null);
        }
        catch (JsonException exception)
        {
            throw ImmutaSerializationException.FromJsonException(typeof(T).Name, exception);
        }
        catch (ArgumentException exception)
        {
            // System.Text.Json transcodes the text to UTF-8 first; a lone surrogate cannot be.
            throw new ImmutaSerializationException($"Could not read {typeof(T).Name}: the text is not valid Unicode ({exception.Message})", exception);
        }
    }

    internal static JsonTypeInfo<T> TypeInfo<T>()
        => ImmutaJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new NotSupportedException($"{typeof(T).Name} is not a model of Immuta.Client.");
}
