using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Immuta.Client.Tests.Support;

/// <summary>Compares JSON documents by meaning: same members and values, member order aside.</summary>
internal static class JsonAssert
{
    public static void Equivalent(string expected, string actual)
    {
        var difference = FirstDifference(JsonNode.Parse(expected), JsonNode.Parse(actual), "$");
        Assert.True(difference is null, $"JSON differs at {difference}\nexpected: {expected}\nactual:   {actual}");
    }

    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    return $"{path}: expected an object, got {actual?.ToJsonString() ?? "null"}";
                }

                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var other))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (FirstDifference(value, other, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                var extra = actualObject.Select(p => p.Key).Except(expectedObject.Select(p => p.Key)).FirstOrDefault();
                return extra is null ? null : $"{path}.{extra}: not expected";
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray || actualArray.Count != expectedArray.Count)
                {
                    return $"{path}: expected an array of {expectedArray.Count}, got {actual?.ToJsonString() ?? "null"}";
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                var e = expected.AsValue();
                if (actual is not JsonValue a || e.GetValueKind() != a.GetValueKind())
                {
                    return $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}";
                }

                return e.GetValueKind() == JsonValueKind.Number
                    ? (e.ToJsonString() == a.ToJsonString() || (e.TryGetValue<decimal>(out var ed) && a.TryGetValue<decimal>(out var ad) && ed == ad) ? null : $"{path}: expected {e}, got {a}")
                    : (JsonNode.DeepEquals(e, a) ? null : $"{path}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
        }
    }
}
