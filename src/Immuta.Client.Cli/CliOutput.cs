using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Immuta.Client.Cli;

/// <summary>How results are printed: the server's JSON shape (pipe it into jq), YAML, or a table for people.</summary>
internal enum OutputFormat
{
    Json,
    Yaml,
    Table,
}

internal sealed class CliOutput(CliEnvironment environment, OutputFormat format, bool showSecrets)
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Task WriteAsync<T>(T value, Func<T, IEnumerable<string[]>>? table = null)
        => WriteJsonAsync(ImmutaJson.Serialize(value), table is null ? null : () => table(value));

    /// <summary>Prints JSON the tool built itself (a list of results), masked like a model; <paramref name="table"/> gives the rows of <c>-o table</c>.</summary>
    public Task WriteJsonAsync(JsonNode value, Func<IEnumerable<string[]>>? table = null)
        => WriteJsonAsync(value.ToJsonString(), table);

    private async Task WriteJsonAsync(string json, Func<IEnumerable<string[]>>? table)
    {
        var node = JsonNode.Parse(ImmutaRedaction.PrintJson(json, showCredentials: showSecrets));
        IdsAsStrings(node);

        var text = format switch
        {
            OutputFormat.Yaml => ImmutaYaml.FromJson(node?.ToJsonString() ?? "null"),
            OutputFormat.Table when table is not null => Table(table().ToList()),
            OutputFormat.Table => Properties(node, string.Empty),
            _ => (node?.ToJsonString(Indented) ?? "null") + "\n",
        };
        await environment.Out.WriteAsync(text).ConfigureAwait(false);
    }

    public Task WriteLineAsync(string line) => environment.Out.WriteLineAsync(line);

    /// <summary>The same output with credentials in clear: for a command whose purpose is to print one (<c>regenerate-key</c>).</summary>
    public CliOutput WithSecretsShown() => new(environment, format, showSecrets: true);

    // An id prints as a string everywhere (list, get, status, operations; json, yaml and table alike), as GET /integrations
    // returns it, though /status answers it as a number.
    private static void IdsAsStrings(JsonNode? node)
    {
        foreach (var item in node is JsonArray array ? array : [node])
        {
            if (item is JsonObject obj && obj["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.Number)
            {
                obj["id"] = id.ToJsonString();
            }
        }
    }

    private static string Table(List<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Concat(rows.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd() + "\n"));
    }

    // A key/value listing of any model, nested members as dotted paths.
    private static string Properties(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                return string.Concat(obj.Select(p => Properties(p.Value, prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}")));
            case JsonArray array:
                return array.Count == 0 ? $"{prefix}: []\n" : string.Concat(array.Select((item, i) => Properties(item, $"{prefix}[{i}]")));
            default:
                var value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null";
                return string.Create(CultureInfo.InvariantCulture, $"{prefix}: {value}\n");
        }
    }
}
