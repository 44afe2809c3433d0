namespace Immuta.Client.Cli.Planning;

/// <summary>
/// What the server holds after it accepted a definition: the definition plus Immuta's documented defaults for what it
/// omits (spec §8.1: <c>port</c> 443, <c>audit</c>, <c>workspaces</c>, <c>impersonation</c>, <c>lineage</c> disabled).
/// Credentials are left as written: the plan never compares them with the server's redacted copies.
/// </summary>
/// <remarks>
/// These defaults are the ones <c>FakeImmutaServer</c> fills in on read. The SDK is gaining a public platform registry
/// (<c>ImmutaPlatforms.AsRead</c>, branch fix/platforms) holding them once for the SDK, the fake and the tool: when it
/// lands, this method becomes a call to it.
/// </remarks>
internal static class ServerView
{
    public static IntegrationDefinition AfterWrite(IntegrationDefinition definition)
    {
        var off = new AuditSettings { Enabled = false };
        return definition switch
        {
            SnowflakeIntegration { Config: { } c } s => s with
            {
                Config = c with
                {
                    Port = c.Port ?? 443,
                    Audit = c.Audit ?? off,
                    Workspaces = c.Workspaces ?? new WorkspacesSettings { Enabled = false },
                    Impersonation = c.Impersonation ?? new ImpersonationSettings { Enabled = false },
                    Lineage = c.Lineage ?? new LineageSettings { Enabled = false },
                },
            },
            DatabricksIntegration { Config: { } c } d => d with { Config = c with { Port = c.Port ?? 443, Audit = c.Audit ?? off } },
            NativeS3Integration { Config: { } c } n => n with { Config = c with { Port = c.Port ?? 443 } },
            _ => definition,
        };
    }
}
