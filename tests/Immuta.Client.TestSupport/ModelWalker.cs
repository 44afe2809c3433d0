using System.Collections;
using System.Reflection;

namespace Immuta.Client.Tests.Support;

/// <summary>Walks a model graph by reflection (tests only).</summary>
internal static class ModelWalker
{
    /// <summary>Every <see cref="ImmutaModel"/> reachable from <paramref name="root"/>, with its path.</summary>
    public static IEnumerable<(string Path, ImmutaModel Model)> Models(object? root, string path = "$")
    {
        switch (root)
        {
            case null or string or SecretString or System.Text.Json.JsonElement:
                yield break;
            case ImmutaModel model:
                yield return (path, model);
                break;
            case IEnumerable list when root is not IDictionary:
                var i = 0;
                foreach (var item in list)
                {
                    foreach (var inner in Models(item, $"{path}[{i++}]"))
                    {
                        yield return inner;
                    }
                }

                yield break;
        }

        var type = root.GetType();
        if (type.IsPrimitive || type.IsEnum || type.IsValueType && type.Namespace == "Immuta.Client")
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "AdditionalProperties" or "EqualityContract"
                || property.PropertyType.IsValueType)
            {
                continue;
            }

            foreach (var inner in Models(property.GetValue(root), $"{path}.{property.Name}"))
            {
                yield return inner;
            }
        }
    }

    /// <summary>Every <see cref="SecretString"/> reachable from <paramref name="root"/>, with its path.</summary>
    public static IEnumerable<(string Path, SecretString Secret)> Secrets(object? root)
    {
        foreach (var (path, model) in Models(root))
        {
            foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.PropertyType == typeof(SecretString) && property.GetValue(model) is SecretString secret)
                {
                    yield return ($"{path}.{property.Name}", secret);
                }
            }
        }
    }
}
