using System.Text.Json;

namespace Immuta.Client.Validation;

/// <summary>
/// The findings of one local validation, and the checks every platform's rules are written with (required, secret,
/// authentication type, markers, unknown members).
/// </summary>
internal sealed class FindingCollector
{
    private const int MaxDepth = 16;

    private const string AuthenticationPath = "config.authenticationType";

    public List<IntegrationValidationFinding> Findings { get; } = [];

    public void Add(LocalRule rule, string path, string message) => Findings.Add(rule.Finding(path, message));

    public bool RequireObject(LocalRule rule, string path, object? value)
    {
        if (value is null)
        {
            Add(rule, path, "is required");
            return false;
        }

        return true;
    }

    public bool Require(LocalRule rule, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(rule, path, "is required");
            return false;
        }

        return true;
    }

    public bool RequireSecret(LocalRule rule, string path, SecretString? value)
    {
        if (value is null || string.IsNullOrWhiteSpace(value.Reveal()))
        {
            Add(rule, path, "is required");
            return false;
        }

        return NotPlainMarker(path, value);
    }

    /// <summary>
    /// A credential that is <c>REDACTED</c> (the marker of a Databricks token): a warning. <c>&lt;REDACTED&gt;</c> is left
    /// to <see cref="NoRedactionMarkers"/>, which refuses it at any path.
    /// </summary>
    public bool NotPlainMarker(string path, SecretString? value)
    {
        if (value is { IsRedacted: true } && !value.Reveal().AsSpan().Trim().Equals(ImmutaRedaction.AngleBracketMarker, StringComparison.OrdinalIgnoreCase))
        {
            Add(LocalRules.PlainRedactionMarker, path, "is 'REDACTED', the marker Immuta returns in place of a token; if this came from a GET, put the real value in its place");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Any string member, typed or unknown, at any depth, that is <c>&lt;REDACTED&gt;</c> (the same rule every request
    /// body passes before it is sent).
    /// </summary>
    public void NoRedactionMarkers(object model)
    {
        byte[] json;
        try
        {
            // Through the runtime type, as the request body is written (ImmutaContentSerializer).
            json = JsonSerializer.SerializeToUtf8Bytes(model, ImmutaJson.Options.GetTypeInfo(model.GetType()));
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return; // a model that cannot be written fails when it is sent, with its own error
        }

        Findings.AddRange(Http.RequestBodyCheck.FindMarkers(json));
    }

    /// <summary>
    /// A warning for each member of <paramref name="model"/> and the models under it that this SDK does not model
    /// (kept in <see cref="ImmutaModel.AdditionalProperties"/>), except under the objects whose members the documentation
    /// did not give (they are kept, and expected).
    /// </summary>
    public void UnknownMembers(ImmutaModel model, string path, int depth)
    {
        if (depth > MaxDepth || IsOpen(model))
        {
            return;
        }

        var info = ImmutaJson.Options.GetTypeInfo(model.GetType());
        if (model.AdditionalProperties is { Count: > 0 } extra)
        {
            foreach (var name in extra.Keys)
            {
                // A modelled member kept as it came (an explicit null, another JSON type) is not unknown.
                if (!info.Properties.Any(p => !p.IsExtensionData && string.Equals(p.Name, name, StringComparison.Ordinal)))
                {
                    var closest = ClosestMember(info, name);
                    Add(LocalRules.UnknownMember, Join(path, name), closest is null
                        ? "is not a member this SDK models; it is sent as written"
                        : $"is not a member this SDK models (did you mean {closest}?); it is sent as written, and Immuta decides");
                }
            }
        }

        foreach (var property in info.Properties)
        {
            if (!property.IsExtensionData && property.Get?.Invoke(model) is ImmutaModel child)
            {
                UnknownMembers(child, Join(path, property.Name), depth + 1);
            }
        }
    }

    // The known member a misspelled name most likely meant: within two edits (one for short names), any case.
    private static string? ClosestMember(System.Text.Json.Serialization.Metadata.JsonTypeInfo info, string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var property in info.Properties)
        {
            if (property.IsExtensionData)
            {
                continue;
            }

            var distance = Internal.EditDistance.Between(name, property.Name, limit: 2, ignoreCase: true);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (property.Name, distance);
            }
        }

        return best is not null && bestDistance <= (Math.Min(name.Length, best.Length) <= 4 ? 1 : 2) ? best : null;
    }

    // Objects whose children the documentation names only in part or not at all (spec §15 DB-1, DB-2, SF-1), and the
    // delete credentials of a platform this SDK does not know (spec §15 RS-1), whose members are all kept, not modelled.
    private static bool IsOpen(ImmutaModel model) => model is DatabricksProxyOptions or LineageSettings or GroupPattern or UnknownDeleteCredentials;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>
    /// The authentication type: a warning when it is missing (<paramref name="required"/> says how sure that is) or not
    /// one of <paramref name="known"/>; then no credential of a known type is required.
    /// </summary>
    public AuthenticationType? Authentication(LocalRule required, AuthenticationType? value, params AuthenticationType[] known)
    {
        const string Path = "config.authenticationType";
        var names = string.Join(", ", known.Select(a => $"'{a}'"));
        if (value is not { } actual || string.IsNullOrEmpty(actual.Value))
        {
            Add(required, Path, $"is required: one of {names}");
            return null;
        }

        if (!known.Any(a => string.Equals(a.Value, actual.Value, StringComparison.Ordinal)))
        {
            Add(LocalRules.UnknownAuthentication, Path, $"'{actual}' is not one this SDK knows here ({names}); it is sent as written and Immuta decides");
            return null;
        }

        return actual;
    }

    /// <summary>An OAuth client's <c>authorityUrl</c>, and its <c>clientSecret</c> unless it uses a certificate (Snowflake, Databricks).</summary>
    public void OAuthDetails(string path, OAuthClientConfig config)
    {
        Require(LocalRules.OAuthClientDetails, $"{path}.authorityUrl", config.AuthorityUrl);
        if (config.UseCertificate != true)
        {
            RequireSecret(LocalRules.OAuthClientDetails, $"{path}.clientSecret", config.ClientSecret);
        }
    }
}
