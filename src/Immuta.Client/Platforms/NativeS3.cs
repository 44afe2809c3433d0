using System.Text.Json.Serialization;

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
