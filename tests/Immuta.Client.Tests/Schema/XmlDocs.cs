using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using System.Xml.Linq;

namespace Immuta.Client.Tests.Schema;

/// <summary>
/// The SDK's XML documentation (<c>Immuta.Client.xml</c>, shipped in its package and copied beside the tests) as one-line
/// plain text per type and member: <c>&lt;c&gt;x&lt;/c&gt;</c> becomes <c>`x`</c>, a <c>cref</c> to a modelled member its
/// JSON name, a <c>langword</c> the word.
/// </summary>
internal sealed class XmlDocs
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocs(XDocument document)
        => _members = document.Descendants("member").Where(m => m.Attribute("name") is not null).ToDictionary(m => m.Attribute("name")!.Value, StringComparer.Ordinal);

    /// <summary>Reads the documentation file that sits beside <paramref name="assembly"/>.</summary>
    public static XmlDocs For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        return File.Exists(path)
            ? new XmlDocs(XDocument.Load(path))
            : throw new FileNotFoundException($"The XML documentation of {assembly.GetName().Name} is not beside it (GenerateDocumentationFile is on for the SDK).", path);
    }

    /// <summary>The summary of a type, or <see langword="null"/> when it has none.</summary>
    public string? Of(Type type) => Summary("T:" + Name(type));

    /// <summary>The summary of a property, or <see langword="null"/> when it has none.</summary>
    public string? Of(PropertyInfo property) => Summary($"P:{Name(property.DeclaringType!)}.{property.Name}");

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    private string? Summary(string id)
    {
        if (!_members.TryGetValue(id, out var member) || member.Element("summary") is not { } summary)
        {
            return null;
        }

        var text = new StringBuilder();
        Render(summary, text);
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Render(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value);
                    break;
                case XElement { Name.LocalName: "c" } code:
                    text.Append('`').Append(code.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    text.Append(see.Attribute("langword")?.Value ?? Cref(see.Attribute("cref")?.Value) ?? see.Value);
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append(reference.Attribute("name")?.Value);
                    break;
                case XElement other:
                    text.Append(' ');
                    Render(other, text);
                    text.Append(' ');
                    break;
            }
        }
    }

    // P:Immuta.Client.SnowflakeConfig.Username -> `username` (the name a file uses); a type or method: its short name.
    private static string? Cref(string? cref)
    {
        if (cref is not { Length: > 2 })
        {
            return null;
        }

        var name = cref[2..];
        var dot = name.LastIndexOf('.');
        if (cref.StartsWith("P:", StringComparison.Ordinal) && dot > 0
            && typeof(IntegrationDefinition).Assembly.GetType(name[..dot])?.GetProperty(name[(dot + 1)..]) is { } property)
        {
            return property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } json ? $"`{json.Name}`" : property.Name;
        }

        var shortName = name.Split('(')[0];
        return shortName[(shortName.LastIndexOf('.') + 1)..];
    }
}
