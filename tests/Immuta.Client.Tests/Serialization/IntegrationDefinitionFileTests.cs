using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>Definitions kept as files: JSON or YAML, placeholders from the environment, duplicate keys refused.</summary>
public sealed class IntegrationDefinitionFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("immuta-files-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string? Env(string name) => name switch
    {
        "SNOWFLAKE_PASSWORD" => "from-env-123",
        "WAREHOUSE" => "ENV_WH",
        _ => null,
    };

    [Theory]
    [InlineData("snowflake.yaml")]
    [InlineData("snowflake.json")]
    [InlineData("snowflake.definition")]
    public async Task LoadAsync_YamlOrJsonWithPlaceholders_SameModel(string fileName)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json")) as SnowflakeIntegration;
        var templated = definition! with { Config = definition.Config! with { Password = "${SNOWFLAKE_PASSWORD}", Warehouse = "${WAREHOUSE}", Role = "$${KEEP}" } };
        var path = Path.Combine(_folder, fileName);
        await File.WriteAllTextAsync(path, fileName.EndsWith(".yaml", StringComparison.Ordinal) ? ImmutaYaml.Serialize<IntegrationDefinition>(templated) : ImmutaJson.Serialize<IntegrationDefinition>(templated), Ct);

        var loaded = Assert.IsType<SnowflakeIntegration>(await IntegrationDefinitionFile.LoadAsync(path, Env, Ct));

        Assert.Equal("from-env-123", loaded.Config!.Password!.Reveal());
        Assert.Equal("ENV_WH", loaded.Config.Warehouse);
        Assert.Equal("${KEEP}", loaded.Config.Role);
        Assert.Equal(definition.Config!.Host, loaded.Config.Host);
    }

    [Fact]
    public void Parse_MissingVariables_ErrorNamesEachVariableAndField()
    {
        const string yaml = "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: ${SNOWFLAKE_HOST}\n  password: ${SNOWFLAKE_SECRET}\n";

        var error = Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse(yaml, IntegrationFileFormat.Auto, Env));

        Assert.Equal("4:9: config.host: the environment variable SNOWFLAKE_HOST is not set; set it, or write ${SNOWFLAKE_HOST:-default}\n5:13: config.password: the environment variable SNOWFLAKE_SECRET is not set; set it, or write ${SNOWFLAKE_SECRET:-default}", error.Message);
    }

    [Fact]
    public void Parse_DuplicateJsonKey_Rejected()
    {
        var error = Assert.Throws<ImmutaSerializationException>(() => IntegrationDefinitionFile.Parse("{\n\"type\":\"Trino\",\n\"type\":\"Snowflake\"}"));

        Assert.Equal("3:1: type: the key 'type' appears twice in one object; keep one", error.Message);
    }

    [Fact]
    public async Task LoadAsync_InvalidFile_MessageNamesTheFile()
    {
        var path = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(path, "{\"type\": \"Snowflake\", \"config\": {\"port\": \"x\"}}", Ct);

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => IntegrationDefinitionFile.LoadAsync(path, Env, Ct));

        Assert.Equal($"{path}:1:42: config.port: expected a whole number, got a string; write the number without quotes", error.Message);
        Assert.Equal((path, 1, 42, "$.config.port"), (error.FilePath, error.Line, error.Column, error.JsonPath));
    }

    [Fact]
    public async Task LoadAsync_FileLargerThanAnyDefinition_RefusedNamingTheFile()
    {
        var path = Path.Combine(_folder, "disk.img");
        using (var stream = File.Create(path))
        {
            stream.SetLength(17L * 1024 * 1024); // sparse: zeros the disk never holds
        }

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(() => IntegrationDefinitionFile.LoadAsync(path, Env, Ct));

        Assert.Equal($"{path}: the file is larger than 16 MB, which no definition is: it was not read (is it the file you meant?).", error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public async Task LoadDeleteCredentialsAsync_DeviceWithoutEnd_RefusedAtTheBound()
    {
        Assert.SkipUnless(File.Exists("/dev/zero"), "no /dev/zero on this system");

        var error = await Assert.ThrowsAsync<ImmutaSerializationException>(
            () => IntegrationDefinitionFile.LoadDeleteCredentialsAsync("/dev/zero", IntegrationType.Snowflake, Env, Ct));

        Assert.StartsWith("/dev/zero: the file is larger than 16 MB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out.yaml", "type: Snowflake")]
    [InlineData("out.json", "{")]
    public async Task SaveAsync_ByExtension_WritesThatFormatAndLoadsBack(string fileName, string start)
    {
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("put-integrations-id.snowflake.oAuthClientCredentials.manual.s002.request.json"));
        var path = Path.Combine(_folder, fileName);

        await IntegrationDefinitionFile.SaveAsync(definition, path, Ct);

        Assert.StartsWith(start, await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal);
        JsonAssert.Equivalent(ImmutaJson.Serialize(definition), ImmutaJson.Serialize(await IntegrationDefinitionFile.LoadAsync(path, Env, Ct)));
    }
}
