using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads a model that has no converter of its own (an operation result, a status, a regenerated key, validation results,
/// delete credentials, one platform's record) through <see cref="TolerantReader"/>, when it is the whole document.
/// Integrations and definitions need no wrapper: their converters read tolerantly themselves.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
/// <param name="inner">The model's own contract.</param>
/// <param name="vital">Members that must fit their type when present (<see cref="TolerantReader.Read"/>).</param>
/// <param name="required">
/// Members without which the answer is useless (a status's <c>status</c>, a regenerated key's <c>newKey</c>): missing, null,
/// empty (a key of only white space) or set aside, the read fails naming the member, never its value.
/// </param>
internal sealed class TolerantModelConverter<T>(JsonTypeInfo<T> inner, string[] vital, string[] required) : JsonConverter<T>
{
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return JsonSerializer.Deserialize(ref reader, inner); // the serializer says what is wrong
        }

        var value = (T?)TolerantReader.Read(ref reader, inner, vital, out var issues);
        if (value is not null)
        {
            TolerantReader.Attach(value, issues);
            foreach (var name in required)
            {
                if (IsEmpty(inner.Properties.First(p => p.Name == name).Get?.Invoke(value)))
                {
                    throw new JsonException($"{name} is missing, null, empty or not of its type, and the answer means nothing without it.", $"$.{name}", null, null);
                }
            }
        }

        return value;
    }

    // Missing, or a text of nothing but white space: a key of "" would be kept as the integration's new key.
    private static bool IsEmpty(object? member) => member switch
    {
        null => true,
        SecretString secret => string.IsNullOrWhiteSpace(secret.Reveal()),
        string text => string.IsNullOrWhiteSpace(text),
        _ => false,
    };

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        => JsonSerializer.Serialize(writer, value, inner);
}

/// <summary>The contract the SDK reads a whole document of type <typeparamref name="T"/> with (tolerant where it can be).</summary>
/// <typeparam name="T">A model type of the SDK, or a list of integrations.</typeparam>
internal static class TolerantTypeInfo<T>
{
    private static JsonTypeInfo<T>? s_value;

    /// <summary>The contract: <see cref="TolerantModelConverter{T}"/> around a model's own, else the model's own.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a model of the SDK.</exception>
    public static JsonTypeInfo<T> Value => s_value ??= Create();

    private static JsonTypeInfo<T> Create()
    {
        var options = ImmutaJson.Options;
        var own = ImmutaJson.TypeInfo<T>();
        if (own.Kind != JsonTypeInfoKind.Object || !typeof(ImmutaModel).IsAssignableFrom(typeof(T)))
        {
            return own;
        }

        string[] vital = typeof(T) == typeof(IntegrationOperationResult) || typeof(T) == typeof(IntegrationStatusResult) ? ["id", "status"] : [];
        string[] required = typeof(T) == typeof(IntegrationStatusResult) ? ["status"] : typeof(T) == typeof(RegeneratedApiKey) ? ["newKey"] : [];
        var info = JsonMetadataServices.CreateValueInfo<T>(options, new TolerantModelConverter<T>(own, vital, required));
        info.MakeReadOnly();
        return info;
    }
}
