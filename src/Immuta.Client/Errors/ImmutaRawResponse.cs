using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>
/// What a response carried, as the SDK read it: the status, every header and the start of the body. A copy, not the live
/// <see cref="HttpResponseMessage"/>: reading it sends nothing and cannot fail. Get an error's from
/// <see cref="ImmutaApiException.GetRawResponse"/>, and the last answer an operation saw from
/// <see cref="IntegrationOperation.GetRawResponse"/> or <see cref="IntegrationDeleteOperation.GetRawResponse"/>.
/// </summary>
/// <remarks>
/// Secrets are masked before anything is kept: the value of <c>Authorization</c>, <c>Proxy-Authorization</c>,
/// <c>Cookie</c>, <c>Set-Cookie</c> and of any header whose name says it holds a credential (<c>X-Api-Key</c>,
/// <c>X-Auth-Token</c>, …) reads <c>***</c>; the API key and the credentials the request carried are removed from every
/// other header and from the body; strings in a JSON body are compared decoded, and its members named like credentials read <c>***</c> (a JSON body is
/// therefore printed again, compactly), and so is the user info of any URL. The body is its first 16 KB (16,384 bytes) at
/// most, decoded as text (by its byte-order mark or the response's charset); <see cref="IsContentTruncated"/> says
/// whether the body went on past them, or whether its reading stopped before its end (a body the result could not be read from).
/// </remarks>
public sealed class ImmutaRawResponse
{
    private static readonly string[] MaskedHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Set-Cookie2"];

    /// <summary>Creates a raw response (for tests of code that reads one); the SDK masks what it passes here itself.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="reasonPhrase">The reason phrase, if any.</param>
    /// <param name="headers">The headers, response and content headers together, in the order received.</param>
    /// <param name="content">The body text, or <see langword="null"/> when there was none.</param>
    /// <param name="isContentTruncated">Whether the body went on past what <paramref name="content"/> holds.</param>
    public ImmutaRawResponse(
        HttpStatusCode statusCode, string? reasonPhrase, IReadOnlyList<KeyValuePair<string, string>> headers, string? content, bool isContentTruncated)
    {
        ArgumentNullException.ThrowIfNull(headers);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Content = content;
        IsContentTruncated = isContentTruncated;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The reason phrase of the status line, if the server sent one.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>
    /// Every header, response and content headers together, one entry per value, names as received; secret values read
    /// <c>***</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body as text, scrubbed of secrets; <see langword="null"/> when the body was empty or could not be read.</summary>
    public string? Content { get; }

    /// <summary>Whether the body was longer than the part the SDK read (<see cref="Content"/> holds its start only).</summary>
    public bool IsContentTruncated { get; }

    /// <summary>The values of a header, compared without case; empty when it was not sent.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The values, masked where secret.</returns>
    public IReadOnlyList<string> GetHeaderValues(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
    }

    /// <summary>The status and sizes only: no header value, no body.</summary>
    /// <returns>A short description.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"ImmutaRawResponse {{ StatusCode = {(int)StatusCode}, Headers = {Headers.Count}, Content = {Content?.Length ?? 0} chars{(IsContentTruncated ? ", truncated" : string.Empty)} }}");

    /// <summary>
    /// Copies what <paramref name="response"/> said, masked: <paramref name="body"/> is the text already read (and already
    /// scrubbed by <paramref name="scrubber"/>).
    /// </summary>
    internal static ImmutaRawResponse From(HttpResponseMessage response, string? body, bool truncated, Http.SecretScrubber scrubber)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Copy(response.Headers.NonValidated, headers, scrubber);
        if (response.Content is { } content)
        {
            Copy(content.Headers.NonValidated, headers, scrubber);
        }

        return new ImmutaRawResponse(response.StatusCode, scrubber.Scrub(response.ReasonPhrase), headers, Scrub(body, truncated, scrubber), truncated);
    }

    /// <summary>
    /// Copies a successful response for an operation (<see cref="Http.RecordingStream"/>): the start of its body, at most
    /// <see cref="ImmutaExceptionFactory.MaxErrorBodyBytes"/>, decoded as an error body is and masked by the same path
    /// (<see cref="From"/>).
    /// </summary>
    internal static ImmutaRawResponse Read(HttpResponseMessage response, ReadOnlySpan<byte> start, bool truncated, IReadOnlyList<string> secrets)
    {
        var kept = start[..Math.Min(start.Length, ImmutaExceptionFactory.MaxErrorBodyBytes)];
        var text = kept.IsEmpty ? null : ImmutaExceptionFactory.Decode(kept, response.Content.Headers.ContentType?.CharSet);
        var scrubber = new Http.SecretScrubber(secrets);
        return From(response, scrubber.Scrub(text), truncated || start.Length > kept.Length, scrubber);
    }

    private static void Copy(System.Net.Http.Headers.HttpHeadersNonValidated source, List<KeyValuePair<string, string>> target, Http.SecretScrubber scrubber)
    {
        foreach (var header in source)
        {
            var secret = IsSecretHeader(header.Key);
            foreach (var value in header.Value)
            {
                target.Add(new(header.Key, secret ? SecretString.Mask : scrubber.Scrub(value) ?? string.Empty));
            }
        }
    }

    /// <summary>Whether a header's value is a credential by its name (<c>Authorization</c>, cookies, <c>X-Api-Key</c>, …).</summary>
    internal static bool IsSecretHeader(string name)
        => MaskedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || CredentialNames.IsCredential(name);

    // A JSON body is printed again token by token: each string and member name decoded and scrubbed (a secret escaped as
    // \\uXXXX is found too; an unpaired surrogate escape reads as U+FFFD rather than ending the reprint) and each member named
    // like a credential (or a name/value pair's value naming one) masked. A body cut off at the read limit is printed as far as it
    // goes; a body that is not JSON stays as it was scrubbed as text.
    internal static string? Scrub(string? body, bool truncated, Http.SecretScrubber scrubber)
    {
        if (body is null || body.AsSpan().TrimStart() is not ['{', ..] and not ['[', ..])
        {
            return body;
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 16);
        try
        {
            var json = Encoding.UTF8.GetBytes(body);
            var reader = new Utf8JsonReader(json, isFinalBlock: !truncated, new JsonReaderState(new JsonReaderOptions { MaxDepth = JsonSecretMasker.MaxDepth }));
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            Span<int> objects = stackalloc int[JsonSecretMasker.MaxDepth + 1];
            var maskNext = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        maskNext = JsonSecretMasker.IsCredential(ref reader, json, objects, isFinalBlock: !truncated);
                        writer.WritePropertyName(scrubber.Scrub(LenientJsonText.GetString(ref reader))!);
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when maskNext:
                        writer.WriteStringValue(SecretString.Mask);
                        if (!reader.TrySkip())
                        {
                            writer.Flush();
                            return Encoding.UTF8.GetString(output.WrittenSpan); // cut off inside the masked value
                        }

                        break;
                    case JsonTokenType.StartObject:
                        objects[reader.CurrentDepth] = (int)reader.TokenStartIndex;
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                    case var _ when maskNext:
                        writer.WriteStringValue(SecretString.Mask);
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(scrubber.Scrub(LenientJsonText.GetString(ref reader)));
                        break;
                    default:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                }

                maskNext = false;
            }

            writer.Flush();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return body; // not JSON after all: scrubbed as text already
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
