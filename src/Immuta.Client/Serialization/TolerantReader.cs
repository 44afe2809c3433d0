using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Immuta.Client.Serialization;

/// <summary>
/// Reads one JSON object into a model so that one odd member does not fail the whole read. The fast path is the
/// source-generated read itself; only when it throws is the object read again as a tree, the member at the error's path
/// set aside, and the read retried. Each member set aside is put, raw, into the <see cref="ImmutaModel.AdditionalProperties"/>
/// of the model that owns it, under its own name, so it is written back as it came while its typed property stays empty.
/// </summary>
/// <remarks>
/// What was set aside is reported (<see cref="ReportOf"/>) for the caller to log or refuse: the path and the expected type,
/// never the value (it may be a credential). Members named in <c>vital</c> (an integration's <c>id</c> and <c>status</c>)
/// still fail the read when they do not fit; an explicit <c>null</c> never does.
/// </remarks>
internal static class TolerantReader
{
    /// <summary>
    /// How many times one object (or one array item checked on its own) is read again before the read fails. Members
    /// found in the other items of an array at once do not count: they cost one read of their own item each.
    /// </summary>
    internal const int MaxSetAside = 256;

    private static readonly ConditionalWeakTable<object, IReadOnlyList<ReadIssue>> Reports = new();

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    private static int s_reported;

    [ThreadStatic]
    private static List<ReadIssue>? t_issues;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Grows each time a report is attached to a read model; a caller compares it before and after a read.</summary>
    public static int Reported => Volatile.Read(ref s_reported);

    /// <summary>What was set aside or skipped while reading <paramref name="root"/>, if anything.</summary>
    public static IReadOnlyList<ReadIssue>? ReportOf(object? root)
        => root is not null && Reports.TryGetValue(root, out var issues) ? issues : null;

    /// <summary>Attaches what was set aside while reading <paramref name="root"/> to it.</summary>
    public static void Attach(object root, IReadOnlyList<ReadIssue>? issues)
    {
        if (issues is { Count: > 0 })
        {
            Reports.AddOrUpdate(root, issues);
            Interlocked.Increment(ref s_reported);
        }
    }

    /// <summary>
    /// Finishes reading a whole document: a list of integrations loses its null items (no list the SDK returns holds
    /// null), and what was set aside anywhere in it is gathered, with paths from the document's root.
    /// </summary>
    /// <param name="value">What was read.</param>
    /// <param name="reportedBefore"><see cref="Reported"/> before the read (when it has not moved, nothing was set aside).</param>
    /// <param name="issues">What was set aside or skipped, or <see langword="null"/>.</param>
    /// <returns>The value, or the list without its null items.</returns>
    public static T Complete<T>(T value, int reportedBefore, out List<ReadIssue>? issues)
    {
        issues = null;
        var anyReport = Reported != reportedBefore;
        if (value is IReadOnlyList<Integration?> list)
        {
            // A method of its own: what only lists need is not compiled before the first single read (cold start).
            return CompleteList(list, anyReport, out issues) is { } kept ? (T)(object)kept : value;
        }

        if (anyReport && ReportOf(value) is { } report)
        {
            issues = [.. report];
        }

        return value;
    }

    /// <summary>The list's items without its null ones (<see langword="null"/> when it had none), each item's report under its index.</summary>
    private static List<Integration>? CompleteList(IReadOnlyList<Integration?> list, bool anyReport, out List<ReadIssue>? issues)
    {
        issues = null;
        List<Integration>? kept = null;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } item)
            {
                (issues ??= []).Add(new ReadIssue(ReadIssueKind.NullItemsSkipped, $"$[{i}]", "an integration", "a null item"));
                kept ??= [.. list.Take(i).OfType<Integration>()];
                continue;
            }

            kept?.Add(item);
            if (anyReport && ReportOf(item) is { } found)
            {
                (issues ??= []).AddRange(found.Select(issue => issue.Under($"$[{i}]")));
            }
        }

        return kept;
    }

    internal static void ReportNullItems(string owner, string member, int count)
    {
        if (t_depth > 0)
        {
            (t_issues ??= []).Add(new ReadIssue(ReadIssueKind.NullItemsSkipped, $"{owner}.{member}", "an item", $"{count} null item(s)"));
        }
    }

    /// <summary>
    /// Reads the object the reader stands on with <paramref name="info"/>; on failure, reads it again setting aside each
    /// member that does not fit. The reader ends on the object's last token either way.
    /// </summary>
    /// <param name="reader">The reader, on <see cref="JsonTokenType.StartObject"/>.</param>
    /// <param name="info">The model's contract.</param>
    /// <param name="vital">Members of the object itself that must fit (their failure fails the read).</param>
    /// <param name="issues">What was set aside or skipped, or <see langword="null"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="JsonException">The text is not valid JSON, a vital member does not fit, or too much does not.</exception>
    public static object? Read(ref Utf8JsonReader reader, JsonTypeInfo info, string[] vital, out List<ReadIssue>? issues)
    {
        var start = reader;
        var outer = t_issues;
        t_issues = null;
        t_depth++;
        try
        {
            try
            {
                return JsonSerializer.Deserialize(ref reader, info);
            }
            catch (JsonException failure)
            {
                reader = start;
                return Recover(ref reader, info, vital, failure);
            }
        }
        finally
        {
            issues = t_issues;
            t_issues = outer;
            t_depth--;
        }
    }

    private static object? Recover(ref Utf8JsonReader reader, JsonTypeInfo info, string[] vital, JsonException failure)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            throw Rethrow(failure); // not JSON: nothing to set aside
        }

        using (document)
        {
            // A member name the serializer could not read (an unpaired surrogate escape, "\ud800x"): when the document
            // holds one, the copy follows the model's contract, takes such members out of the models that own them (to be
            // put back under their exact names) and keeps any other value holding one as raw JSON, byte for byte.
            var unpaired = failure.InnerException is InvalidOperationException && info.Kind == JsonTypeInfoKind.Object
                && RawJsonElementConverter.HasUnpairedSurrogateEscape(document.RootElement)
                ? new List<UnpairedMember>()
                : null;
            if (ToNode(document.RootElement, unpaired is null ? null : info, [], unpaired) is not JsonObject root)
            {
                throw Rethrow(failure);
            }

            var setAside = new List<PathSegment[]>();
            var current = failure;
            if (failure.InnerException is InvalidOperationException && (unpaired is { Count: > 0 } || PathSegment.Parse(failure.Path) is []))
            {
                t_issues = null;
                try
                {
                    var read = JsonSerializer.Deserialize(Utf8Of(root), info);
                    return read is null || PutBack(read, root, document.RootElement, unpaired, info.Options) ? read : throw Rethrow(failure);
                }
                catch (JsonException again)
                {
                    current = again;
                }
            }

            var retries = 0;
            while (true)
            {
                if (retries++ >= MaxSetAside || PathSegment.Parse(current.Path) is not { } path || !TryMoveAside(root, path, vital, out var member))
                {
                    throw Rethrow(current);
                }

                setAside.RemoveAll(inside => IsInside(inside, member)); // kept with the whole member, as it came
                setAside.Add(member);
                SetAsideInLaterItems(root, member, info, setAside);
                object? value;
                t_issues = null; // what a failed attempt reported is reported again by this one
                try
                {
                    value = JsonSerializer.Deserialize(Utf8Of(root), info);
                }
                catch (JsonException again)
                {
                    current = again;
                    continue;
                }

                if (value is null)
                {
                    return null;
                }

                var lists = new Dictionary<JsonArray, ListPlaces>(ReferenceEqualityComparer.Instance);
                foreach (var aside in setAside)
                {
                    if (!TryPlace(value, root, document.RootElement, aside, info.Options, lists, out var issue))
                    {
                        throw Rethrow(failure); // nowhere to keep it: fail rather than lose it
                    }

                    (t_issues ??= []).Add(issue);
                }

                return PutBack(value, root, document.RootElement, unpaired, info.Options) ? value : throw Rethrow(failure);
            }
        }
    }

    private static bool IsInside(PathSegment[] path, PathSegment[] member)
        => path.Length > member.Length && path.AsSpan(0, member.Length).SequenceEqual(member);

    private static JsonException Rethrow(JsonException exception)
    {
        ExceptionDispatchInfo.Throw(exception);
        return exception;
    }

    // A member that failed inside an item of an array most often fails in the items after it too (a newer Immuta changed
    // its shape): each later item is read on its own, and what does not fit there is set aside now, so the whole object
    // is read again once rather than once per item (which cost the object's size per item, and failed past 256 items).
    // Items before it were read already. When an item's contract cannot be found, the retries find its members one by one.
    private static void SetAsideInLaterItems(JsonObject root, PathSegment[] member, JsonTypeInfo info, List<PathSegment[]> setAside)
    {
        var item = Array.FindLastIndex(member, s => s.Name is null);
        if (item < 0 || ItemContract(info, member.AsSpan(0, item + 1)) is not { } itemInfo || Follow(root, member.AsSpan(0, item)) is not JsonArray array)
        {
            return;
        }

        for (var index = member[item].Index + 1; index < array.Count; index++)
        {
            if (array[index] is not JsonObject later)
            {
                continue;
            }

            for (var attempt = 0; attempt < MaxSetAside; attempt++)
            {
                try
                {
                    JsonSerializer.Deserialize(Utf8Of(later), itemInfo);
                    break;
                }
                catch (JsonException failure)
                {
                    if (PathSegment.Parse(failure.Path) is not { } inner || !TryMoveAside(later, inner, [], out var moved))
                    {
                        break; // the whole object's retry meets it and decides
                    }

                    var prefix = member.AsSpan(0, item + 1).ToArray();
                    prefix[^1] = new PathSegment(null, index);
                    setAside.Add([.. prefix, .. moved]);
                }
            }
        }
    }

    // The contract of the items of the array a path ends on, following the model's properties by their JSON names; null
    // when a step has a converter of its own (its items may be read another way) or cannot be followed.
    private static JsonTypeInfo? ItemContract(JsonTypeInfo info, ReadOnlySpan<PathSegment> path)
    {
        JsonTypeInfo? current = info;
        foreach (var segment in path)
        {
            if (current is null)
            {
                return null;
            }

            if (segment.Name is { } name)
            {
                JsonPropertyInfo? property = null;
                foreach (var candidate in current.Properties)
                {
                    if (!candidate.IsExtensionData && string.Equals(candidate.Name, name, StringComparison.Ordinal))
                    {
                        property = candidate;
                        break;
                    }
                }

                if (property is null || property.CustomConverter is not null)
                {
                    return null;
                }

                current = ContractOf(info.Options, property.PropertyType);
            }
            else
            {
                if (current.Kind != JsonTypeInfoKind.Enumerable || ElementOf(current.Type) is not { } element)
                {
                    return null;
                }

                current = ContractOf(info.Options, element);
            }
        }

        return path.Length > 0 && path[^1].Name is null ? current : null;
    }

    // A type's contract, or null when the options have none (the whole object's retries then find each member).
    private static JsonTypeInfo? ContractOf(JsonSerializerOptions options, Type type)
        => options.TryGetTypeInfo(type, out var contract) ? contract : null;

    // The item type of a model's list (IReadOnlyList<T>, List<T>, T[]); JsonTypeInfo.ElementType is .NET 9 and later.
    private static Type? ElementOf(Type list)
        => list.IsArray ? list.GetElementType() : list.IsGenericType && list.GetGenericArguments() is [var item] ? item : null;

    private static JsonNode? Follow(JsonNode root, ReadOnlySpan<PathSegment> path)
    {
        JsonNode? node = root;
        foreach (var segment in path)
        {
            node = segment.Name is { } name ? (node as JsonObject)?[name] : node is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
        }

        return node;
    }

    // The member named by the path's last name (an array item moves its whole list aside), if it is still in the tree.
    private static bool TryMoveAside(JsonObject root, PathSegment[] path, string[] vital, out PathSegment[] member)
    {
        member = [];
        var last = Array.FindLastIndex(path, s => s.Name is not null);
        if (last < 0)
        {
            return false;
        }

        JsonNode? node = root;
        for (var i = 0; i < last; i++)
        {
            node = path[i].Name is { } name ? (node as JsonObject)?[name] : node is JsonArray array && path[i].Index < array.Count ? array[path[i].Index] : null;
        }

        var owner = node as JsonObject;
        var memberName = path[last].Name!;
        if (owner is null || !owner.TryGetPropertyValue(memberName, out var value))
        {
            return false;
        }

        if (last == 0 && value is not null && vital.Contains(memberName, StringComparer.Ordinal))
        {
            return false;
        }

        owner.Remove(memberName);
        member = path[..(last + 1)];
        return true;
    }

    // Puts each member whose name holds an unpaired surrogate back into the model that owns it, under its exact name, raw:
    // false when one has no model to go to (fail rather than lose it).
    private static bool PutBack(object value, JsonObject root, JsonElement original, List<UnpairedMember>? unpaired, JsonSerializerOptions options)
    {
        if (unpaired is null)
        {
            return true;
        }

        var lists = new Dictionary<JsonArray, ListPlaces>(ReferenceEqualityComparer.Instance);
        foreach (var member in unpaired)
        {
            if (!TryFindOwner(value, root, original, member.Owner, options, lists, out var owner, out _) || owner is not ImmutaModel model)
            {
                return false;
            }

            model.AdditionalProperties ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            model.AdditionalProperties[member.Name] = member.Value.Clone();
        }

        return true;
    }

    // Walks the typed result along the member's path (list indexes skip null items, which the contract removed) to the
    // model that owns it, and keeps the raw value there.
    private static bool TryPlace(object result, JsonObject root, JsonElement original, PathSegment[] member, JsonSerializerOptions options, Dictionary<JsonArray, ListPlaces> lists, out ReadIssue issue)
    {
        issue = default;
        if (!TryFindOwner(result, root, original, member.AsSpan(0, member.Length - 1), options, lists, out var current, out var raw))
        {
            return false;
        }

        var memberName = member[^1].Name!;
        if (current is not ImmutaModel owner || raw.ValueKind != JsonValueKind.Object || !TryGetMember(raw, memberName, out var value))
        {
            return false;
        }

        var expected = PropertyOf(options, owner, memberName)?.PropertyType;
        owner.AdditionalProperties ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        owner.AdditionalProperties[memberName] = value.ValueKind == JsonValueKind.Null ? NullElement : value.Clone();
        issue = new ReadIssue(
            value.ValueKind == JsonValueKind.Null ? ReadIssueKind.ExplicitNull : ReadIssueKind.Mistyped,
            PathSegment.Format(member),
            expected is null ? "a known member" : Describe(expected),
            KindOf(value.ValueKind));
        return true;
    }

    // The typed object and the raw value at the end of a path (list indexes skip null items, which the contract removed).
    // What a list's items are is worked out once per list (lists), so placing a member in each of n items costs n steps,
    // not n² (an item of a JsonElement array is found by walking it).
    private static bool TryFindOwner(object result, JsonObject root, JsonElement original, ReadOnlySpan<PathSegment> path, JsonSerializerOptions options, Dictionary<JsonArray, ListPlaces> lists, out object? current, out JsonElement raw)
    {
        current = result;
        JsonNode? node = root;
        raw = original;
        for (var i = 0; i < path.Length; i++)
        {
            if (current is null)
            {
                return false;
            }

            if (path[i].Name is { } name)
            {
                current = PropertyOf(options, current, name)?.Get?.Invoke(current);
                node = (node as JsonObject)?[name];
                if (raw.ValueKind != JsonValueKind.Object || !TryGetMember(raw, name, out raw))
                {
                    return false;
                }
            }
            else
            {
                var index = path[i].Index;
                if (node is not JsonArray array || index >= array.Count || array[index] is null || current is not IList list
                    || raw.ValueKind != JsonValueKind.Array || index >= raw.GetArrayLength())
                {
                    return false;
                }

                if (!lists.TryGetValue(array, out var places))
                {
                    places = ListPlaces.Of(array, raw);
                    lists.Add(array, places);
                }

                var typedIndex = places.TypedIndex[index];
                current = typedIndex < list.Count ? list[typedIndex] : null;
                node = array[index];
                raw = places.Raw[index];
            }
        }

        return true;
    }

    // A member of a raw object by name, the last of that name (as the serializer reads it). JsonElement.TryGetProperty
    // throws when a member before it has a name holding an unpaired surrogate escape: such members are passed over.
    private static bool TryGetMember(JsonElement obj, string name, out JsonElement value)
    {
        try
        {
            return obj.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            value = default;
            var found = false;
            foreach (var member in obj.EnumerateObject())
            {
                if (LenientJsonText.UnpairedName(member) is null && member.NameEquals(name))
                {
                    (value, found) = (member.Value, true);
                }
            }

            return found;
        }
    }

    private static JsonPropertyInfo? PropertyOf(JsonSerializerOptions options, object model, string name)
    {
        foreach (var property in options.GetTypeInfo(model.GetType()).Properties)
        {
            if (!property.IsExtensionData && string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>
    /// A type as a warning or an error names it, in the words of JSON and YAML, never a .NET type name: <c>a string</c>,
    /// <c>a whole number</c>, <c>a boolean (true or false)</c>, <c>an object</c>, <c>a list</c>.
    /// </summary>
    internal static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic
            && (generic == typeof(IReadOnlyList<>) || generic == typeof(List<>) || generic == typeof(IList<>)))
        {
            return "a list";
        }

        return type switch
        {
            _ when type == typeof(SecretString) => "a string (credential)",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "a boolean (true or false)",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time (ISO 8601 text)",
            _ when type.IsArray => "a list",
            _ when type.IsValueType => "a string", // the SDK's extensible enums (IntegrationType, AuthenticationType, …) are strings
            _ when typeof(JsonElement) == type => "a value",
            _ => "an object",
        };
    }

    /// <summary>A JSON kind as a warning names it (never the value).</summary>
    internal static string KindOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // A mutable copy of the object in which a duplicated key keeps its last value (as the serializer reads it). Leaves
    // stay JSON elements, so they are written back byte for byte (a lone surrogate escape included).
    // When `unpaired` is given (the document holds an unpaired surrogate escape), the copy follows the model's contract: a
    // member of a model whose name holds one is taken out into `unpaired` (System.Text.Json cannot read that name, and
    // would write U+FFFD for it), to be put back under its exact name once the model is read; an object or array that holds
    // one and that no contract of the model's walks into (an unknown member's value, a value read by a converter of its
    // own) stays a raw leaf, written back as it came.
    private static JsonNode? ToNode(JsonElement element, JsonTypeInfo? contract, List<PathSegment> at, List<UnpairedMember>? unpaired)
    {
        if (unpaired is not null && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            && contract?.Kind is not (JsonTypeInfoKind.Object or JsonTypeInfoKind.Enumerable) && RawJsonElementConverter.HasUnpairedSurrogateEscape(element))
        {
            return JsonValue.Create(new RawJsonText(element), RawJsonTextInfo);
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return ToObject(element, contract, at, unpaired);
            case JsonValueKind.Array:
                var array = new JsonArray();
                var item = contract is { Kind: JsonTypeInfoKind.Enumerable } && ElementOf(contract.Type) is { } type ? ContractOf(contract.Options, type) : null;
                var index = 0;
                foreach (var value in element.EnumerateArray())
                {
                    at.Add(new PathSegment(null, index++));
                    array.Add(ToNode(value, item, at, unpaired));
                    at.RemoveAt(at.Count - 1);
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }

    private static JsonObject ToObject(JsonElement element, JsonTypeInfo? contract, List<PathSegment> at, List<UnpairedMember>? unpaired)
    {
        var obj = new JsonObject();
        foreach (var member in element.EnumerateObject())
        {
            if (unpaired is not null && LenientJsonText.UnpairedName(member) is { } exact)
            {
                unpaired.Add(new UnpairedMember([.. at], exact, member.Value));
                continue;
            }

            var name = NameOf(member);
            at.Add(new PathSegment(name, 0));
            obj[name] = ToNode(member.Value, unpaired is null ? null : MemberContract(contract, name), at, unpaired);
            at.RemoveAt(at.Count - 1);
        }

        return obj;
    }

    // The contract a model's member is read with, when no converter of its own reads it; null for an unknown member.
    private static JsonTypeInfo? MemberContract(JsonTypeInfo? contract, string name)
    {
        if (contract is not { Kind: JsonTypeInfoKind.Object })
        {
            return null;
        }

        foreach (var property in contract.Properties)
        {
            if (!property.IsExtensionData && string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                return property.CustomConverter is null ? ContractOf(contract.Options, property.PropertyType) : null;
            }
        }

        return null;
    }

    /// <summary>A member whose name holds an unpaired surrogate escape: the path of the object that holds it, its exact name, its value.</summary>
    private readonly record struct UnpairedMember(PathSegment[] Owner, string Name, JsonElement Value);

    private static readonly JsonTypeInfo<RawJsonText> RawJsonTextInfo = JsonMetadataServices.CreateValueInfo<RawJsonText>(ImmutaJson.Options, new RawJsonTextConverter());

    /// <summary>An object or array kept in the copy as it came (a <see cref="JsonValue"/> holds no object or array element).</summary>
    private sealed record RawJsonText(JsonElement Element);

    private sealed class RawJsonTextConverter : System.Text.Json.Serialization.JsonConverter<RawJsonText>
    {
        public override RawJsonText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => throw new NotSupportedException("Only written.");

        public override void Write(Utf8JsonWriter writer, RawJsonText value, JsonSerializerOptions options)
            => writer.WriteRawValue(value.Element.GetRawText(), skipInputValidation: true);
    }

    // A member's name; one holding a lone surrogate escape ("\ud800"), which System.Text.Json cannot turn into a string,
    // is read with U+FFFD in its place rather than failing the whole answer.
    private static string NameOf(JsonProperty member)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes("{" + member.ToString() + "}"));
            reader.Read();
            reader.Read();
            return LenientJsonText.GetString(ref reader);
        }
    }

    private static byte[] Utf8Of(JsonNode root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, root);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<RawJsonText>(out var kept):
                writer.WriteRawValue(kept.Element.GetRawText(), skipInputValidation: true);
                break;
            default:
                writer.WriteRawValue(node.GetValue<JsonElement>().GetRawText(), skipInputValidation: true);
                break;
        }
    }
}

/// <summary>A list's items as a tolerant read places members in them: each item's raw value, and its index in the typed list.</summary>
/// <param name="Raw">The raw items, by index in the JSON array.</param>
/// <param name="TypedIndex">For each JSON index, the index of that item in the typed list (which holds no null item).</param>
internal readonly record struct ListPlaces(JsonElement[] Raw, int[] TypedIndex)
{
    /// <summary>The places of one list: <paramref name="array"/> (the tree being read) and <paramref name="raw"/> (as it came).</summary>
    public static ListPlaces Of(JsonArray array, JsonElement raw)
    {
        var typed = new int[array.Count];
        var count = 0;
        for (var i = 0; i < array.Count; i++)
        {
            typed[i] = count;
            if (array[i] is not null)
            {
                count++;
            }
        }

        return new ListPlaces([.. raw.EnumerateArray()], typed);
    }
}

/// <summary>What a tolerant read did with one member.</summary>
internal enum ReadIssueKind
{
    /// <summary>The value does not fit the member's type: kept raw, the typed property left empty.</summary>
    Mistyped,

    /// <summary>An explicit <c>null</c>: kept, written back as <c>null</c>.</summary>
    ExplicitNull,

    /// <summary>Null items of a list were skipped.</summary>
    NullItemsSkipped,

    /// <summary>A response-only member (an integration's <c>validationResults</c>) that does not fit: left empty, not kept.</summary>
    Dropped,
}

/// <summary>One member a tolerant read set aside or skipped: where, what was expected and what kind of JSON came (never the value).</summary>
internal readonly record struct ReadIssue(ReadIssueKind Kind, string Path, string Expected, string Found)
{
    /// <summary>The same issue under a parent path (<c>$</c> replaced by <paramref name="prefix"/>).</summary>
    public ReadIssue Under(string prefix) => this with { Path = Path.StartsWith('$') ? prefix + Path[1..] : Path };

    /// <summary>A sentence for a log or an error: the path, the expected type and the JSON kind found.</summary>
    public string Describe() => Kind switch
    {
        ReadIssueKind.NullItemsSkipped => $"{Path}: {Found} skipped",
        ReadIssueKind.ExplicitNull => $"{Path}: null, kept",
        ReadIssueKind.Dropped => $"{Path}: expected {Expected}, found {Found}; left empty",
        _ => $"{Path}: expected {Expected}, found {Found}; kept as it came, the typed property left empty",
    };
}

/// <summary>One step of a System.Text.Json error path: a member name or an array index.</summary>
internal readonly record struct PathSegment(string? Name, int Index)
{
    /// <summary>Parses <c>$.a.b[2]['c d']</c>; <see langword="null"/> for a path it cannot read.</summary>
    public static PathSegment[]? Parse(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<PathSegment>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new PathSegment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0 || path.AsSpan(i + 2, end - i - 2).Contains('\\'))
                {
                    return null;
                }

                segments.Add(new PathSegment(path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                segments.Add(new PathSegment(null, index));
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return [.. segments];
    }

    /// <summary>Writes segments back as a path, <c>$.a.b[2]</c>.</summary>
    public static string Format(IEnumerable<PathSegment> segments)
    {
        var builder = new StringBuilder("$");
        foreach (var segment in segments)
        {
            if (segment.Name is null)
            {
                builder.Append('[').Append(segment.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
            else if (segment.Name.AsSpan().IndexOfAny(".[]' ") >= 0)
            {
                builder.Append("['").Append(segment.Name).Append("']");
            }
            else
            {
                builder.Append('.').Append(segment.Name);
            }
        }

        return builder.ToString();
    }
}
