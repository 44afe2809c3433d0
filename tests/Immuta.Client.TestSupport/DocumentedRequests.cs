namespace Immuta.Client.Tests.Support;

/// <summary>
/// Every request body the documentation shows (<c>Examples/*.request.json</c>) and every §15 case that is a request body,
/// each with the call that sends it and the platform of the integration the call needs first (for PUT, edit, delete).
/// </summary>
internal static class DocumentedRequests
{
    /// <summary>A request: its name, the call (<c>create</c>, <c>update</c>, <c>delete</c>, <c>scripts/…</c>), the platform to create first, the body.</summary>
    public sealed record Case(string Name, string Call, string? Platform, string Body)
    {
        public bool NeedsIntegration => Call is "update" or "delete" or "scripts/edit";
    }

    /// <summary>§15 S3-1: the current S3 how-to's <c>auto</c> example has no <c>awsRoleToAssume</c> ("Optional").</summary>
    public const string S3AutoWithoutRole = """
        {"type":"Native S3","autoBootstrap":false,"config":{"name":"S3 integration","awsAccountId":"123456789","awsRegion":"us-east-1",
        "awsLocationRole":"arn:aws:iam::123456789:role/access-grants-instance-role","awsLocationPath":"s3://","authenticationType":"auto"}}
        """;

    /// <summary>§15 DB-1: Databricks <c>proxyOptions</c>, whose members were not retrieved (these are placeholders: kept as they come).</summary>
    public const string DatabricksWithProxyOptions = """
        {"type":"Databricks","autoBootstrap":true,"config":{"workspaceUrl":"www.example-workspace.cloud.databricks.com",
        "httpPath":"sql/protocolv1/o/0/0000-00000-abc123","authenticationType":"oAuthM2M",
        "oAuthClientConfig":{"clientId":"123456abc","clientSecret":"secret","authorityUrl":"example.authority.com"},"catalog":"immuta",
        "proxyOptions":{"host":"proxy.example.com","port":3128,"nested":{"enabled":true}}}}
        """;

    /// <summary>§15 RS-1: a platform this SDK does not know (Redshift Spectrum's <c>type</c> value was not retrieved).</summary>
    public const string UnknownPlatform = """
        {"type":"Redshift Spectrum","autoBootstrap":false,"config":{"host":"organization.aws.amazon.com","database":"immuta",
        "authenticationType":"userPassword","username":"taylor@redshift.com","password":"abc1234","futureOption":{"a":[1,2]}}}
        """;

    /// <summary>The example each platform's integration is created from before a call that needs one.</summary>
    public static readonly IReadOnlyDictionary<string, string> Seeds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["snowflake"] = Examples.Read("post-integrations.snowflake.userPassword.request.json"),
        ["databricks"] = Examples.Read("post-integrations.databricks.token.request.json"),
        ["redshift"] = Examples.Read("post-integrations.redshift.userPassword.request.json"),
        ["synapse"] = Examples.Read("post-integrations.synapse.userPassword.request.json"),
        ["bigquery"] = Examples.Read("post-integrations.bigquery.request.json"),
        ["s3"] = Examples.Read("post-integrations.s3.accessKey.request.json"),
        ["trino"] = Examples.Read("post-integrations.trino.request.json"),
        ["unknown"] = UnknownPlatform,
    };

    public static IReadOnlyList<Case> All { get; } = Build();

    public static Case Named(string name) => All.Single(c => c.Name == name);

    private static List<Case> Build()
    {
        var cases = new List<Case>();
        foreach (var name in Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal)))
        {
            var parts = name.Split('.');
            var call = parts[0] switch
            {
                "post-integrations" => "create",
                "put-integrations-id" => "update",
                "delete-integrations-id" => "delete",
                "post-integrations-id-scripts-edit" => "scripts/edit",
                var other => "scripts/" + other["post-integrations-scripts-".Length..],
            };
            cases.Add(new Case(name, call, parts[1], Examples.Read(name)));
        }

        cases.Add(new Case("§15 S3-1 create", "create", "s3", S3AutoWithoutRole));
        cases.Add(new Case("§15 S3-1 update", "update", "s3", S3AutoWithoutRole));
        cases.Add(new Case("§15 DB-1 create", "create", "databricks", DatabricksWithProxyOptions));
        cases.Add(new Case("§15 DB-1 update", "update", "databricks", DatabricksWithProxyOptions));
        cases.Add(new Case("§15 RS-1 create", "create", "unknown", UnknownPlatform));
        cases.Add(new Case("§15 RS-1 update", "update", "unknown", UnknownPlatform));
        cases.Add(new Case("§15 RS-1 scripts/create", "scripts/create", "unknown", UnknownPlatform));
        return cases;
    }

    /// <summary>Sends a case through the SDK's typed call.</summary>
    public static async Task SendAsync(ImmutaClient client, Case request, string? id, CancellationToken cancellationToken)
    {
        var integrations = client.Integrations;
        if (request.Call == "delete")
        {
            var credentials = ImmutaJson.Deserialize<SnowflakeDeleteCredentials>(request.Body);
            await integrations.DeleteAsync(ImmutaWaitUntil.Started, id!, new DeleteIntegrationOptions { Credentials = credentials }, cancellationToken);
            return;
        }

        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(request.Body);
        _ = request.Call switch
        {
            "create" => await integrations.CreateAsync(ImmutaWaitUntil.Started, definition, cancellationToken) as object,
            "update" => await integrations.UpdateAsync(ImmutaWaitUntil.Started, id!, definition, cancellationToken),
            "scripts/create" => await integrations.Scripts.CreateAsync(definition, cancellationToken),
            "scripts/initial-create" => await integrations.Scripts.InitialCreateAsync(definition, cancellationToken),
            "scripts/cleanup" => await integrations.Scripts.CleanupAsync(definition, cancellationToken),
            "scripts/post-cleanup" => await integrations.Scripts.PostCleanupAsync(definition, cancellationToken),
            "scripts/edit" => await integrations.Scripts.EditAsync(id!, definition, cancellationToken),
            _ => throw new InvalidOperationException(request.Call),
        };
    }

    /// <summary>The tool's command line for a case, with the body in <paramref name="file"/>.</summary>
    public static string[] ToolArguments(Case request, string? id, string file) => request.Call switch
    {
        "create" => ["create", "-f", file, "--no-wait"],
        "update" => ["update", id!, "-f", file, "--no-wait"],
        "delete" => ["delete", id!, "-f", file, "--no-wait"],
        "scripts/edit" => ["script", "edit", id!, "-f", file],
        var script => ["script", script["scripts/".Length..], "-f", file],
    };

    /// <summary>The method and path (with <c>{id}</c>) a case is sent to.</summary>
    public static (string Method, string Path) Route(Case request) => request.Call switch
    {
        "create" => ("POST", "/integrations"),
        "update" => ("PUT", "/integrations/{id}"),
        "delete" => ("DELETE", "/integrations/{id}"),
        "scripts/edit" => ("POST", "/integrations/{id}/scripts/edit"),
        var script => ("POST", "/integrations/" + script),
    };
}
