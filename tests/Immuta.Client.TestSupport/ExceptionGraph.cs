using System.Collections;
using System.Reflection;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// Walks everything an exception references (its causes, its <see cref="Exception.Data"/>, and every field of every
/// object reachable from them) and reports what must never reach a caller: an <see cref="HttpRequestMessage"/> (whose
/// headers hold the API key), a Refit type, or a string holding the key.
/// </summary>
/// <remarks>
/// Cancellation tokens are walked too, registrations included: a test that checks an exception which may hold its token
/// uses a token source of its own, not one linked to the test run's (whose registrations belong to other tests' calls).
/// </remarks>
internal static class ExceptionGraph
{
    /// <summary>The causes, outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    /// <summary>What in the graph of <paramref name="exception"/> leaks: one line per finding, empty when nothing does.</summary>
    public static IReadOnlyList<string> Leaks(Exception exception, string apiKey)
    {
        var leaks = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        pending.Push((exception, exception.GetType().Name));
        while (pending.TryPop(out var item) && seen.Count < 20_000)
        {
            var (value, path) = item;
            if (!seen.Add(value))
            {
                continue;
            }

            var type = value.GetType();
            if (value is HttpRequestMessage or System.Net.Http.Headers.HttpRequestHeaders)
            {
                leaks.Add($"{path} is a {type.Name}");
                continue;
            }

            if (type.Namespace?.StartsWith("Refit", StringComparison.Ordinal) == true)
            {
                leaks.Add($"{path} is Refit's {type.Name}");
            }

            if (value is string text)
            {
                if (text.Contains(apiKey, StringComparison.Ordinal))
                {
                    leaks.Add($"{path} holds the API key");
                }

                continue;
            }

            if (type.IsPrimitive || type.IsEnum || value is Type or MemberInfo or Delegate or Assembly or Module)
            {
                continue; // nothing a request could hide in (a method's metadata, a stack trace's frames)
            }

            if (value is Exception error && error.Data.Count > 0)
            {
                foreach (DictionaryEntry entry in error.Data)
                {
                    pending.Push((entry.Key, $"{path}.Data key"));
                    if (entry.Value is not null)
                    {
                        pending.Push((entry.Value, $"{path}.Data[{entry.Key}]"));
                    }
                }
            }

            if (value is IEnumerable items and not string && type.IsArray)
            {
                var index = 0;
                foreach (var element in items)
                {
                    if (element is not null)
                    {
                        pending.Push((element, $"{path}[{index}]"));
                    }

                    index++;
                }

                continue;
            }

            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }

                    if (field.GetValue(value) is { } child)
                    {
                        pending.Push((child, $"{path}.{field.Name}"));
                    }
                }
            }
        }

        return leaks;
    }
}
