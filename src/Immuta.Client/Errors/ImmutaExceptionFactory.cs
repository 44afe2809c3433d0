using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Immuta.Client.Serialization;

namespace Immuta.Client;

/// <summary>The one place where error responses become exceptions.</summary>
internal static partial class ImmutaExceptionFactory
{
    /// <summary>How much of an error body is read; the rest is left unread, so a huge error page costs little.</summary>
    internal const int MaxErrorBodyBytes = 16 * 1024;

    private const int MaxSummaryChars = 300;

    /// <summary>Reads the (bounded) body of an error response and builds the exception callers branch on.</summary>
    /// <param name="response">The error response.</param>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="path">The path of the call.</param>
    /// <param name="now">The time, for a <c>Retry-After</c> date.</param>
    /// <param name="secrets">Credentials the request carried (and the API key): removed from the server's message, which may echo them.</param>
    /// <param name="networkTimeoutLeft">What is left of <see cref="ImmutaClientOptions.NetworkTimeout"/>, or <see langword="null"/> when it is infinite.</param>
    /// <param name="cancellationToken">Ends reading the body (the deadline, or the caller); what was read by then is used.</param>
    public static async Task<ImmutaApiException> CreateAsync(
        HttpResponseMessage response,
        string method,
        string path,
        DateTimeOffset now,
        IReadOnlyList<string> secrets,
        TimeSpan? networkTimeoutLeft,
        CancellationToken cancellationToken)
    {
        // The status alone makes a useful exception: a body that fails or stalls is used as far as it was read.
        var (text, truncated) = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var retryAfter = RetryAfterOf(response, now);

        // Scrubbed raw (any escaping) and again once decoded: a message may quote the request's JSON, escaping it twice.
        var scrubber = new Http.SecretScrubber(secrets);
        var scrubbed = scrubber.Scrub(text);
        return Create(response.StatusCode, scrubber.Scrub(response.ReasonPhrase), response.Content.Headers.ContentType?.MediaType,
            scrubbed, retryAfter, method, path, LocationOf(response, scrubber), scrubber, BudgetNote(response.StatusCode, retryAfter, networkTimeoutLeft),
            ImmutaRawResponse.From(response, scrubbed, truncated, scrubber));
    }

    /// <summary>
    /// Builds the exception from what the response said; <c>scrubber</c> (when given) removes the request's credentials
    /// from the decoded <c>error</c> and <c>message</c> (and from summaries of non-JSON bodies).
    /// </summary>
    public static ImmutaApiException Create(
        HttpStatusCode status, string? reasonPhrase, string? mediaType, string? body, TimeSpan? retryAfter, string method, string path,
        Uri? location = null, Http.SecretScrubber? scrubber = null, string? note = null, ImmutaRawResponse? raw = null)
    {
        var (error, serverMessage) = ParseBody(body, mediaType, scrubber);
        if (scrubber is not null)
        {
            (error, serverMessage) = (scrubber.Scrub(error), scrubber.Scrub(serverMessage));
        }

        var details = new ImmutaErrorDetails(status, method, path, error, serverMessage, retryAfter) { Location = location, RawResponse = raw };
        var statusText = error ?? reasonPhrase ?? status.ToString();
        if ((int)status is >= 300 and < 400)
        {
            var where = location is null ? "with no Location" : $"to {location}";
            return new ImmutaRedirectException(
                $"{method} {path} was redirected ({(int)status} {statusText}) {where}. The SDK does not follow redirects, which would send "
                + "the request and its credentials to another address (or turn a create into a GET): set the endpoint to the address "
                + "Immuta answers on (https://, the tenant's host name, no extra path).",
                details,
                wasSentToLocation: false);
        }

        var message = $"{method} {path} failed with {(int)status} ({statusText})"
            + (string.IsNullOrWhiteSpace(serverMessage) ? "." : $": {serverMessage}");
        if (note is not null)
        {
            message += message.EndsWith('.') ? $" {note}" : $". {note}";
        }

        return (int)status switch
        {
            404 => new ImmutaNotFoundException(message, details),
            409 => new ImmutaConflictException(message, details, ExistingIdOf(serverMessage)),
            401 or 403 => new ImmutaAuthenticationException(message, details),
            400 => new ImmutaRequestRejectedException(message, details, PreviouslyFailedIdOf(serverMessage)),
            422 => new ImmutaRequestRejectedException(message, details),
            _ => new ImmutaApiException(message, details),
        };
    }

    /// <summary>
    /// The exception for a call that a handler of the caller's own <see cref="HttpClient"/> followed to another origin: the
    /// request has reached <paramref name="finalAddress"/> already.
    /// </summary>
    public static ImmutaRedirectException RedirectFollowed(HttpStatusCode status, Uri finalAddress, Uri endpoint, string method, string path, Http.SecretScrubber secrets)
    {
        var location = Internal.PrintableUrl.Location(finalAddress, secrets);
        var details = new ImmutaErrorDetails(status, method, path, Error: null, ServerMessage: null, RetryAfter: null) { Location = location };
        return new ImmutaRedirectException(
            $"{method} {path} {FollowedTo(endpoint, location)} (which answered {(int)status}). {FollowedAdvice}",
            details,
            wasSentToLocation: true);
    }

    /// <summary>
    /// The exception for a call that a handler of the caller's own <see cref="HttpClient"/> followed to another origin,
    /// where it got no answer (<paramref name="failure"/>: refused, reset, timed out). It is not retried: another attempt
    /// would be redirected there again (<see cref="ImmutaTransportException.FollowedRedirect"/>).
    /// </summary>
    public static ImmutaTransportException RedirectFollowedThenFailed(ImmutaTransportException failure, Uri finalAddress, Uri endpoint, Http.SecretScrubber secrets)
        => new(
            $"{failure.Message} The request {FollowedTo(endpoint, Internal.PrintableUrl.Location(finalAddress, secrets))}, and failed there. {FollowedAdvice}",
            failure.Method,
            failure.Path,
            failure.IsTimeout,
            failure.InnerException)
        {
            FollowedRedirect = true,
        };

    private static string FollowedTo(Uri endpoint, Uri location)
        => $"was redirected away from {endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)} and a handler of the HttpClient "
            + $"followed it: the request, its body included, was sent to {location}";

    private const string FollowedAdvice
        = "The SDK does not follow redirects; turn off AllowAutoRedirect in the HttpClient's handler and set the endpoint to the address Immuta answers on.";

    /// <summary>The response's <c>Location</c>, made absolute against the request, printable (<see cref="Internal.PrintableUrl.Location"/>).</summary>
    internal static Uri? LocationOf(HttpResponseMessage response, Http.SecretScrubber secrets)
    {
        if (response.Headers.Location is not { } location)
        {
            return null;
        }

        if (!location.IsAbsoluteUri && response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } requested)
        {
            location = new Uri(requested, location);
        }

        return Internal.PrintableUrl.Location(location, secrets);
    }

    /// <summary>
    /// A 429 or 503 whose <c>Retry-After</c> reaches past what is left of <see cref="ImmutaClientOptions.NetworkTimeout"/>
    /// cannot be retried within the call: the message says so.
    /// </summary>
    private static string? BudgetNote(HttpStatusCode status, TimeSpan? retryAfter, TimeSpan? networkTimeoutLeft)
        => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && retryAfter >= networkTimeoutLeft
            ? string.Create(CultureInfo.InvariantCulture, $"Waiting {retryAfter.GetValueOrDefault().TotalSeconds:0.###} s as Immuta asked (Retry-After) would exceed NetworkTimeout.")
            : null;

    /// <summary>Parses <c>"(id = 123456789)"</c> out of a conflict message.</summary>
    internal static string? ExistingIdOf(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var match = ExistingIdPattern().Match(message);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>
    /// Parses the id out of the 400 a create gets when an integration of that platform on that host previously failed to
    /// create (spec §15 E-1): <c>"Use PUT /integrations/1 endpoint to update connection information for … (id = 1) that
    /// previously failed to create."</c>. Either form names the id; when both are there they must agree (else
    /// <see langword="null"/>: an id that is not certain is not one to send a PUT to). Other messages give <see langword="null"/>.
    /// </summary>
    internal static string? PreviouslyFailedIdOf(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var path = UsePutPattern().Match(message);
        var inParentheses = message.Contains("previously failed to create", StringComparison.OrdinalIgnoreCase) || path.Success
            ? ExistingIdPattern().Match(message)
            : Match.Empty;
        var fromPath = path.Success ? path.Groups["id"].Value : null;
        var fromParentheses = inParentheses.Success ? inParentheses.Groups["id"].Value : null;
        if (fromPath is not null && fromParentheses is not null && !string.Equals(fromPath, fromParentheses, StringComparison.Ordinal))
        {
            return null;
        }

        return fromPath ?? fromParentheses;
    }

    private static (string? Error, string? Message) ParseBody(string? body, string? mediaType, Http.SecretScrubber? scrubber)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            try
            {
                var parsed = JsonSerializer.Deserialize(body, ImmutaJsonContext.Default.ImmutaErrorBody);
                if (parsed is not null && (parsed.Message is not null || parsed.Error is not null))
                {
                    return (parsed.Error, parsed.Message);
                }
            }
            catch (JsonException)
            {
                // not Immuta's JSON (or cut off at the read limit): summarise it as text below
            }
        }

        var isHtml = (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
            || trimmed.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
        if (isHtml)
        {
            return (null, SummariseHtml(body, scrubber));
        }

        // Whole JSON that is not Immuta's error (another shape, or holding a lone surrogate escape) is summarised as the
        // raw response prints it: members named like credentials read ***, whatever the request carried (JSON cut off stays text).
        var printable = trimmed is ['{', ..] or ['[', ..] ? ImmutaRawResponse.Scrub(body, truncated: false, scrubber ?? new Http.SecretScrubber([])) : body;
        return (null, Summarise(printable ?? body, scrubber));
    }

    private static string SummariseHtml(string html, Http.SecretScrubber? scrubber)
    {
        var title = TitlePattern().Match(html);
        var text = title.Success ? title.Groups["title"].Value : TagPattern().Replace(html, " ");
        return "HTML page: " + Summarise(WebUtility.HtmlDecode(text), scrubber);
    }

    // Scrubbed before whitespace is collapsed: a credential holding a tab or a line break would not match after.
    private static string Summarise(string text, Http.SecretScrubber? scrubber)
    {
        text = scrubber?.Scrub(text) ?? text;
        var collapsed = WhitespacePattern().Replace(text, " ").Trim();
        return collapsed.Length <= MaxSummaryChars ? collapsed : string.Concat(collapsed.AsSpan(0, MaxSummaryChars), "…");
    }

    // Reads at most MaxErrorBodyBytes; the rest is left unread. A read that fails or is cancelled ends the body there.
    // Whether more followed is known only when the buffer filled: one byte more is asked for to tell.
    private static async Task<(string? Text, bool Truncated)> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxErrorBodyBytes + 1];
        var total = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (total < buffer.Length
                    && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }
            }
        }
        catch (Exception)
        {
            // Cut off (reset, stalled past the deadline, cancelled, or whatever a handler's stream threw): what arrived
            // is still worth reading. The caller's own cancellation is honoured by the pipeline.
        }

        var truncated = total > MaxErrorBodyBytes;
        return (total == 0 ? null : Decode(buffer.AsSpan(0, Math.Min(total, MaxErrorBodyBytes)), content.Headers.ContentType?.CharSet), truncated);
    }

    /// <summary>
    /// The text of an error body (and of a script, ImmutaPipeline): by its byte order mark, else by its <c>charset</c>, else UTF-8 (or UTF-16 when the bytes
    /// say so, as JSON's first two characters do). Read as UTF-8, a UTF-16 body would show its text, an echoed credential
    /// included, with a NUL between the characters: invisible to the scrubber, visible on a terminal.
    /// </summary>
    internal static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        var encoding = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8,
            [0xFF, 0xFE, 0, 0, ..] => Encoding.UTF32,
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => null,
        };
        if (encoding is not null)
        {
            return encoding.GetString(bytes[encoding.Preamble.Length..]);
        }

        encoding = EncodingOf(charset) ?? bytes switch
        {
            [not 0, 0, not 0, 0, ..] => Encoding.Unicode,
            [0, not 0, 0, not 0, ..] => Encoding.BigEndianUnicode,
            _ => Encoding.UTF8,
        };
        return encoding.GetString(bytes);
    }

    private static Encoding? EncodingOf(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"'));
        }
        catch (ArgumentException)
        {
            return null; // a charset .NET does not know: UTF-8 is the best guess
        }
    }

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    // "(id = 1)" as documented, and its odd wordings: any case ("(ID = 1)"), spaces inside the parentheses, "id: 1", and
    // the id quoted as a string ("(id = \"1\")", "(id = '1')"). Missing a case is not harmless: the E-1 check that both
    // forms agree would see only the path's id and PUT to it.
    [GeneratedRegex(@"\(\s*id\s*[=:]\s*(?<quote>[""']?)(?<id>[0-9A-Za-z_-]+)\k<quote>\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExistingIdPattern();

    // "/integrations/{id}" (a placeholder, not an id) does not match: the "(id = N)" then names it.
    [GeneratedRegex(@"\bUse\s+PUT\s+/integrations/(?<id>[0-9A-Za-z_-]+)(?![0-9A-Za-z_/-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UsePutPattern();

    [GeneratedRegex(@"<title[^>]*>(?<title>[^<]*)</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WhitespacePattern();
}
