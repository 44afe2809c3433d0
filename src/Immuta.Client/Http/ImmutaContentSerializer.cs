using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Refit;

namespace Immuta.Client.Http;

/// <summary>
/// Refit's content serializer for the SDK's request bodies (<see cref="RefitSettings.ContentSerializer"/>, used
/// synchronously: <see cref="RequestBodySerializationMode.Buffered"/>). A body is written through its runtime type with
/// the source-generated <see cref="Serialization.ImmutaJsonContext"/> (so polymorphic bodies keep their members), as JSON with the
/// documented <c>Content-Type: application/json</c>, or as YAML when <see cref="ImmutaClientOptions.RequestFormat"/> asks
/// for it. Every body passes <see cref="RequestBodyCheck"/> here, so no request can skip it: <c>&lt;REDACTED&gt;</c> is
/// refused, and the body is kept in the call's <see cref="SecretScope"/> so an error message can be scrubbed of what was
/// sent. A <see langword="null"/> body is no content at all (a delete without credentials sends no body).
/// </summary>
/// <remarks>
/// Responses are not read through here: every <see cref="IIntegrationsApi"/> method returns the raw response, which the
/// pipeline reads (see the interface for why).
/// </remarks>
internal sealed class ImmutaContentSerializer(ImmutaClientOptions options) : IHttpContentSerializer, ISynchronousContentSerializer
{
    internal static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    /// <inheritdoc/>
    /// <exception cref="IntegrationValidationException">A string member is the server's marker <c>&lt;REDACTED&gt;</c>.</exception>
    public HttpContent ToHttpContentSynchronous<T>(T item)
    {
        if (item is null)
        {
            return null!; // Refit then sends the request without content
        }

        var json = ImmutaJson.SerializeToUtf8Bytes(item);
        RequestBodyCheck.Check(json); // refuses <REDACTED> whatever ValidateBeforeSending says; keeps the body for scrubbing
        if (options.RequestFormat != ImmutaRequestFormat.Yaml)
        {
            var content = new ByteArrayContent(json);
            content.Headers.ContentType = JsonMediaType;
            return content;
        }

        var yaml = new ByteArrayContent(Encoding.UTF8.GetBytes(Serialization.YamlJsonBridge.FromJson(Encoding.UTF8.GetString(json))));
        yaml.Headers.ContentType = MediaTypeHeaderValue.Parse(options.YamlMediaType);
        return yaml;
    }

    /// <inheritdoc/>
    /// <remarks>Bodies are small and kept for scrubbing: a streamed body is the buffered one.</remarks>
    public HttpContent ToStreamingHttpContent<T>(T item) => ToHttpContentSynchronous(item);

    /// <inheritdoc/>
    public HttpContent ToHttpContent<T>(T item) => ToHttpContentSynchronous(item);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: responses are read by <see cref="ImmutaPipeline"/>.</exception>
    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The SDK reads responses itself (ImmutaPipeline); no IIntegrationsApi method returns a typed result.");

    /// <inheritdoc/>
    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
        => propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
}
