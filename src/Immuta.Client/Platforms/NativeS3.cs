using System.Text.Json.Serialization;
using Immuta.Client.Validation;

namespace Immuta.Client;

/// <summary>An Amazon S3 integration (<c>"type": "Native S3"</c>); <c>autoBootstrap</c> must be false.</summary>
/// <remarks>Authentication: <c>auto</c> (<see cref="NativeS3Config.AwsRoleToAssume"/>) or <c>accessKey</c> (<see cref="NativeS3Config.AwsAccessKeyId"/>, <see cref="NativeS3Config.AwsSecretAccessKey"/>).</remarks>
public sealed record NativeS3Integration : IntegrationDefinition
{
    /// <summary>Creates the definition; its <see cref="IntegrationDefinition.Type"/> is <c>Native S3</c>.</summary>
    public NativeS3Integration()
        : base(IntegrationType.NativeS3)
    {
    }

    /// <summary>The S3 settings (<c>config</c>).</summary>
    [JsonPropertyName("config")]
    public NativeS3Config? Config { get; init; }
}

/// <summary>Amazon S3 settings (<c>config</c> of a Native S3 integration).</summary>
public sealed record NativeS3Config : ImmutaModel
{
    /// <summary>Integration name, unique across S3 integrations (<c>name</c>). Required.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>AWS account id (<c>awsAccountId</c>). Required.</summary>
    [JsonPropertyName("awsAccountId")]
    public string? AwsAccountId { get; init; }

    /// <summary>AWS region, such as <c>us-east-1</c> (<c>awsRegion</c>). Required.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary>IAM role ARN of the base Access Grants location (<c>awsLocationRole</c>). Required.</summary>
    [JsonPropertyName("awsLocationRole")]
    public string? AwsLocationRole { get; init; }

    /// <summary>Base location prefix, such as <c>s3://</c> (<c>awsLocationPath</c>). Required.</summary>
    [JsonPropertyName("awsLocationPath")]
    public string? AwsLocationPath { get; init; }

    /// <summary>IAM role ARN Immuta assumes, required with <c>auto</c> (<c>awsRoleToAssume</c>).</summary>
    [JsonPropertyName("awsRoleToAssume")]
    public string? AwsRoleToAssume { get; init; }

    /// <summary><c>auto</c> or <c>accessKey</c> (<c>authenticationType</c>). Required.</summary>
    [JsonPropertyName("authenticationType")]
    public AuthenticationType? AuthenticationType { get; init; }

    /// <summary>Access key id, required with <c>accessKey</c> (<c>awsAccessKeyId</c>).</summary>
    [JsonPropertyName("awsAccessKeyId")]
    public string? AwsAccessKeyId { get; init; }

    /// <summary>Secret access key, required with <c>accessKey</c> (<c>awsSecretAccessKey</c>).</summary>
    [JsonPropertyName("awsSecretAccessKey")]
    public SecretString? AwsSecretAccessKey { get; init; }

    /// <summary>Port of the S3 Access Grants instance (<c>port</c>); default 443.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; init; }
}

/// <summary>Amazon S3: one integration per name; <c>autoBootstrap</c> must be false; its delete never takes credentials.</summary>
internal sealed class NativeS3Platform : ImmutaPlatform<NativeS3Integration>
{
    internal const string WireType = "Native S3";

    public static readonly LocalRule Required = new(
        "Native S3 `name`, `awsAccountId`, `awsRegion`, `awsLocationRole`, `awsLocationPath`, `authenticationType`", IntegrationValidationRules.Required, IntegrationValidationSeverity.Error,
        "spec §5.7 (Amazon S3 payload table, P1-P5: 'Required')");

    public static readonly LocalRule AccessKeyRequired = new(
        "Native S3 `awsAccessKeyId`, `awsSecretAccessKey` (with `accessKey`)", IntegrationValidationRules.Required, IntegrationValidationSeverity.Error,
        "spec §5.7 (Amazon S3 payload table, P1-P5: 'Required when authenticationType is accessKey')");

    public static readonly NativeS3Platform Instance = new();

    private NativeS3Platform()
        : base(new PlatformFacts(IntegrationType.NativeS3, typeof(NativeS3Integration), IntegrationIdentityKind.Name, [], [Required, AccessKeyRequired])
        {
            AutoBootstrap = PlatformAutoBootstrap.MustBeFalse,
        })
    {
    }

    private protected override string? IdentityValue(NativeS3Integration definition) => definition.Config?.Name;

    private protected override void ValidateConfig(NativeS3Integration definition, FindingCollector findings)
    {
        var config = definition.Config;
        if (!findings.RequireObject(LocalRules.ConfigRequired, "config", config))
        {
            return;
        }

        var rule = Required;
        findings.Require(rule, "config.name", config!.Name);
        findings.Require(rule, "config.awsAccountId", config.AwsAccountId);
        findings.Require(rule, "config.awsRegion", config.AwsRegion);
        findings.Require(rule, "config.awsLocationRole", config.AwsLocationRole);
        findings.Require(rule, "config.awsLocationPath", config.AwsLocationPath);

        // awsRoleToAssume is optional with auto (spec §15 S3-1): no rule.
        var auth = findings.Authentication(rule, config.AuthenticationType, AuthenticationType.Auto, AuthenticationType.AccessKey);
        if (auth == AuthenticationType.AccessKey)
        {
            findings.Require(AccessKeyRequired, "config.awsAccessKeyId", config.AwsAccessKeyId);
            findings.RequireSecret(AccessKeyRequired, "config.awsSecretAccessKey", config.AwsSecretAccessKey);
        }
    }

    // Defaults: port 443 (spec §8.1); the secret access key as <REDACTED> (§8.9).
    private protected override NativeS3Integration AsRead(NativeS3Integration definition)
        => definition.Config is not { } c ? definition : definition with
        {
            Config = c with { Port = c.Port ?? 443, AwsSecretAccessKey = ServerRedaction.Redact(c.AwsSecretAccessKey), AdditionalProperties = ServerRedaction.Unknown(c.AdditionalProperties) },
        };

    private protected override IReadOnlyList<ValidationTest> DocumentedValidationTests(NativeS3Integration definition) =>
    [
        ImmutaPlatforms.Passed("There is no existing integration matching this configuration"),
        ImmutaPlatforms.Passed("The provided integration name is unique across Immuta S3 integrations"),

        // §15 S3-2, from the current S3 how-to (its list is cut off after these).
        ImmutaPlatforms.Passed("The provided access grants location role is a valid ARN format"),
        ImmutaPlatforms.Passed("The provided AWS credentials allow fetching the caller's identity via the AWS STS API"),
        ImmutaPlatforms.Passed("An AWS Access Grants instance is configured in the provided AWS account and region"),
    ];
}
