using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary>
/// <c>immuta-integrations schema</c>: prints the JSON Schema of definition files, the file this tool ships
/// (<c>immuta-integrations.schema.json</c>, generated from the SDK's models by a test that fails when it drifts from them).
/// Save it beside the files and point YAML editors at it with <c># yaml-language-server: $schema=…</c>.
/// </summary>
internal static class SchemaCommand
{
    public const string ResourceName = "immuta-integrations.schema.json";

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("schema", "Print the JSON Schema of definition files (for editors: completion and checks as you type).");
        command.SetAction(async (_, ct) =>
        {
            await environment.Out.WriteAsync(await ReadAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The schema's text, as shipped.</summary>
    public static async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(SchemaCommand).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The tool was built without its {ResourceName} resource.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
