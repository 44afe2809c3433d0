using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// What the SDK adds to the source-generated contract of every model (<see cref="ImmutaModel"/>), so that reading and
/// writing lose nothing:
/// <list type="bullet">
/// <item>A modelled member must not be set to JSON <c>null</c> by the serializer (on .NET 9 and later): an explicit
/// <c>null</c> fails the fast read, and <see cref="TolerantReader"/> keeps it in
/// <see cref="ImmutaModel.AdditionalProperties"/> under the member's own name, so it is written back as <c>null</c>.</item>
/// <item>On write, an entry of <see cref="ImmutaModel.AdditionalProperties"/> named like a modelled member is written only
/// while that member is <see langword="null"/>: a value kept as it came (an explicit null, a value of another type) goes
/// back unchanged, and a value the user set wins.</item>
/// <item>A modelled list holds no <see langword="null"/> item: null items are skipped (and reported).</item>
/// </list>
/// </summary>
/// <remarks>All three are metadata hooks (AOT- and trim-safe); none adds work to reading a model that has no unknown
/// member and no null.</remarks>
internal static class ModelContract
{
    public static void Apply(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !typeof(ImmutaModel).IsAssignableFrom(typeInfo.Type))
        {
            return;
        }

        JsonPropertyInfo? extension = null;
        List<JsonPropertyInfo>? lists = null;
        foreach (var property in typeInfo.Properties)
        {
            if (property.IsExtensionData)
            {
                extension = property;
                continue;
            }

#if NET9_0_OR_GREATER
            if (property.Set is not null && CanBeNull(property.PropertyType))
            {
                property.IsSetNullable = false;
            }
#endif

            if (property.Set is not null && IsModelledList(property.PropertyType))
            {
                (lists ??= []).Add(property);
            }
        }

        if (extension?.Get is { } get)
        {
            var modelled = typeInfo.Properties.Where(p => !p.IsExtensionData && p.Get is not null).ToArray();
            extension.Get = model => WithoutShadowed(model, modelled, get(model) as IDictionary<string, JsonElement>);
        }

        if (lists is not null)
        {
            var listed = lists.ToArray();
            typeInfo.OnDeserialized = model => SkipNullItems(model, listed);
        }
    }

    /// <summary>Whether a member of this type is a list of modelled items (where a null item carries no data).</summary>
    private static bool IsModelledList(Type type)
        => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && type.GetGenericArguments()[0] != typeof(JsonElement);

#if NET9_0_OR_GREATER
    private static bool CanBeNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
#endif

    // Called while reading too (to add unknown members): then no entry is named like a modelled member, and the same
    // dictionary comes back. Only entries kept beside a member the user has since set are left out, from a copy.
    private static IDictionary<string, JsonElement>? WithoutShadowed(object model, JsonPropertyInfo[] modelled, IDictionary<string, JsonElement>? extra)
    {
        if (extra is not { Count: > 0 })
        {
            return extra;
        }

        List<string>? hidden = null;
        foreach (var property in modelled)
        {
            if (extra.ContainsKey(property.Name) && property.Get!(model) is not null)
            {
                (hidden ??= []).Add(property.Name);
            }
        }

        if (hidden is null)
        {
            return extra;
        }

        var copy = new Dictionary<string, JsonElement>(extra, StringComparer.Ordinal);
        foreach (var name in hidden)
        {
            copy.Remove(name);
        }

        return copy;
    }

    // The serializer reads IReadOnlyList<T> into a fresh List<T> that nothing else holds yet, so nulls are removed in place.
    private static void SkipNullItems(object model, JsonPropertyInfo[] lists)
    {
        foreach (var property in lists)
        {
            if (property.Get!(model) is not IList list)
            {
                continue;
            }

            var skipped = 0;
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i] is null)
                {
                    list.RemoveAt(i);
                    skipped++;
                }
            }

            if (skipped > 0)
            {
                TolerantReader.ReportNullItems(model.GetType().Name, property.Name, skipped);
            }
        }
    }
}
