using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// Reads and writes the SDK's models as Immuta's JSON, with the same (source-generated, trim-safe) settings the client uses
/// on the wire: <c>type</c> anywhere in an integration, unknown members kept, absent members left absent, explicit
/// <c>null</c>s kept (on .NET 9 and later; the .NET 8 build drops an explicit null of a modelled member, as System.Text.Json 8
/// has no way to see it).
/// </summary>
/// <remarks>
/// Reading is tolerant, as the client is with responses: a member whose value does not fit its modelled type (say
/// <c>"port": "443"</c>) does not fail the read; its typed property stays empty and the value is kept, raw, in the owning
/// model's <see cref="ImmutaModel.AdditionalProperties"/> under its own name, so it is written back as it came. Null items
/// of lists are skipped. Files read with <see cref="IntegrationDefinitionFile"/> are strict instead.
/// </remarks>
public static class ImmutaJson
{
    /// <summary>The serializer options the SDK uses. Read-only.</summary>
    public static JsonSerializerOptions Options => ImmutaJsonContext.Wire;

    /// <summary>Writes a model as JSON.</summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/> or <see cref="Integration"/>.</typeparam>
    /// <param name="value">The model.</param>
    /// <param name="indented">Whether to indent the output.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ImmutaSerializationException">The model cannot be written, such as a string holding an unpaired surrogate; the message names the path when known.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a model of this SDK.</exception>
    public static string Serialize<T>(T value, bool indented = false)
    {
        var info = TypeInfo<T>();
        try
        {
            if (!indented)
            {
                return JsonSerializer.Serialize(value, info);
            }

            // Skips validation as the serializer's own writer does: a member name holding an unpaired surrogate is written raw.
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, SkipValidation = true }))
            {
                JsonSerializer.Serialize(writer, value, info);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (Exception exception) when (IsWriteFailure(exception))
        {
            throw ImmutaSerializationException.FromWriteFailure(typeof(T).Name, exception);
        }
    }

    /// <summary>Reads a model from JSON.</summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/> or <see cref="Integration"/>.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid JSON, not an object where one is expected, or an
    /// integration's <c>type</c>, <c>id</c> or <c>status</c> does not fit; the message names the JSON path.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a model of this SDK; <paramref name="json"/> is <see langword="null"/>.</exception>
    public static T Deserialize<T>([StringSyntax(StringSyntaxAttribute.Json)] string json) => Deserialize<T>(json, out _);

    /// <summary>Reads a model, and says what did not fit its type (kept as it came) and what null items were skipped.</summary>
    internal static T Deserialize<T>(string json, out List<ReadIssue>? issues)
    {
        ArgumentNullException.ThrowIfNull(json);
        var info = TolerantTypeInfo<T>.Value; // outside the try: a type that is no model is the caller's mistake, not the text's
        var before = TolerantReader.Reported;
        try
        {
            var value = JsonSerializer.Deserialize(json, info)
                ?? throw new ImmutaSerializationException($"Expected a {typeof(T).Name}, found JSON null.", null);
            return TolerantReader.Complete(value, before, out issues);
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

    /// <summary>
    /// Reads a model strictly, as something a person wrote (a definition file, a request the fake receives): a member whose
    /// value does not fit its type is an error naming every such path (never the value), instead of being kept raw. An
    /// explicit <c>null</c> or a null list item is not an error.
    /// </summary>
    /// <typeparam name="T">A model type of this SDK, such as <see cref="IntegrationDefinition"/> or <see cref="SnowflakeDeleteCredentials"/>.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ImmutaSerializationException">The text is not valid, or a member does not fit its type; <see cref="ImmutaSerializationException.JsonPath"/> is the first such path.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a model of this SDK; <paramref name="json"/> is <see langword="null"/>.</exception>
    public static T DeserializeStrict<T>([StringSyntax(StringSyntaxAttribute.Json)] string json)
    {
        var model = Deserialize<T>(json, out var issues);
        if (issues?.Where(issue => issue.Kind is ReadIssueKind.Mistyped or ReadIssueKind.Dropped).ToList() is { Count: > 0 } mistyped)
        {
            throw new ImmutaSerializationException(
                $"Could not read {typeof(T).Name} " + string.Join("; ", mistyped.Select(issue => $"at {issue.Path}: expected {issue.Expected}, found {issue.Found}")) + ".",
                null)
            {
                JsonPath = mistyped[0].Path,
            };
        }

        return model;
    }

    /// <summary>Writes a model (through its runtime type) as UTF-8 JSON, as a request body.</summary>
    /// <exception cref="ImmutaSerializationException">The model cannot be written.</exception>
    internal static byte[] SerializeToUtf8Bytes(object value)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, Options.GetTypeInfo(value.GetType()));
        }
        catch (Exception exception) when (IsWriteFailure(exception))
        {
            throw ImmutaSerializationException.FromWriteFailure(value.GetType().Name, exception);
        }
    }

    // What System.Text.Json throws when a value cannot be written (an unpaired surrogate in a string, a name or a raw value).
    private static bool IsWriteFailure(Exception exception) => exception is JsonException or InvalidOperationException or ArgumentException;

    /// <summary>The contract of a model of this SDK.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a model of this SDK (a bad type argument of a public method).</exception>
    internal static JsonTypeInfo<T> TypeInfo<T>()
        => Options.TryGetTypeInfo(typeof(T), out var info) && info is JsonTypeInfo<T> typed
            ? typed
            : throw new ArgumentException($"{typeof(T).Name} is not a model of Immuta.Client: read and write the SDK's models, such as IntegrationDefinition or Integration.", nameof(T));
}
