using System.Text.Json;

namespace Immuta.Client.Testing;

// Reading request bodies: definitions and delete credentials, strictly.
internal sealed partial class FakeImmutaEngine
{
    private static FakeHttpResponse? ParseDefinition(FakeHttpRequest request, IntegrationRequestKind kind, out IntegrationDefinition? definition)
    {
        definition = null;
        if (ReadJson(request, out var json) is { } unreadable)
        {
            return unreadable;
        }

        try
        {
            // Strict, as a definition file is read: a member of the wrong type ("port": "abc") is refused naming its path,
            // not stored raw (the SDK's tolerant reading is for responses).
            definition = ImmutaJson.DeserializeStrict<IntegrationDefinition>(json!);

            // What is stored must read back: a definition GET cannot write would break every later GET and list.
            _ = FakeJson.Serialize(FakeCatalog.AsRead(definition));
        }
        catch (ImmutaSerializationException exception)
        {
            definition = null;
            return FakeHttpResponse.Error(400, "Bad Request", $"Invalid request body: {exception.Message}");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            definition = null;
            return FakeHttpResponse.InvalidBody(400, "Bad Request", $"it cannot be written back as JSON: {exception.Message}");
        }

        // The fake refuses what local validation calls an error, and a script endpoint for a platform it is not documented
        // for (the documented server's lists, spec §3.8-3.13; only a warning in the SDK, which lets Immuta decide). Warnings
        // do not refuse: an unknown type, say, goes on. The <REDACTED> rule is the SDK's own safeguard, not the server's.
        var errors = definition.Validate(kind)
            .Where(f => f.Rule == IntegrationValidationRules.Endpoint || (f.IsError && f.Rule != IntegrationValidationRules.RedactedCredential))
            .ToList();
        return errors.Count == 0
            ? null
            : FakeHttpResponse.Error(400, "Bad Request", "Invalid request body: " + string.Join("; ", errors));
    }

    /// <summary>
    /// Reads a delete body as the credentials of the integration's platform, strictly (a member of the wrong type is
    /// refused naming its path), or of a platform the SDK does not know (<paramref name="platform"/> is
    /// <see langword="null"/>) with every member kept; other platforms take no credentials and are answered before this.
    /// </summary>
    private static FakeHttpResponse? ParseCredentials(FakeHttpRequest request, ImmutaPlatform? platform)
    {
        if (ReadJson(request, out var json) is { } unreadable)
        {
            return unreadable;
        }

        try
        {
            _ = platform is null ? ImmutaJson.DeserializeStrict<UnknownDeleteCredentials>(json!) : platform.ReadDeleteCredentials(json!);
            return null;
        }
        catch (ImmutaSerializationException exception)
        {
            return FakeHttpResponse.Error(400, "Bad Request", $"Invalid request body: {exception.Message}");
        }
    }

    private static FakeHttpResponse? ReadJson(FakeHttpRequest request, out string? json)
        => request.Content.ReadJsonObject(IsYaml(request), out json) is { } problem
            ? FakeHttpResponse.InvalidBody(400, "Bad Request", problem)
            : null;

    internal static bool IsYaml(FakeHttpRequest request)
        => request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true
            || (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
                && request.Body is { } body && body.TrimStart() is { Length: > 0 } t && t[0] is not ('{' or '['));
}
