using System.CommandLine;

namespace Immuta.Client.Cli.Commands;

/// <summary><c>list</c>: every integration of the tenant.</summary>
internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var list = new Command("list", "List every integration.");
        list.SetAction((p, ct) => CommandRunner.RunAsync(p, environment, async run =>
        {
            var all = await run.Client.Integrations.ListAsync(ct).ConfigureAwait(false);
            await run.Output.WriteAsync(all, rows => [["ID", "TYPE", "STATUS", "HOST"], .. rows.Select(i => new[] { i.Id, i.Type.ToString(), i.Status?.ToString() ?? string.Empty, Host(i.Definition) })]).ConfigureAwait(false);
            return ExitCodes.Success;
        }, needsClient: true, ct));
        list.With([.. CliOptions.Tenant, CliOptions.Output, CliOptions.ShowSecrets]);
        return list;
    }

    // The HOST column: what tells this integration apart from the others of its platform (host, workspace, S3 name,
    // BigQuery dataset; its user info masked); nothing for a platform with one integration per tenant (Trino).
    private static string Host(IntegrationDefinition definition)
        => ImmutaPlatforms.Of(definition)?.IdentityKind == IntegrationIdentityKind.OnePerTenant
            ? string.Empty
            : ImmutaRedaction.MaskUrlUserInfo(IntegrationIdentity.KeyOf(definition) ?? string.Empty);
}
