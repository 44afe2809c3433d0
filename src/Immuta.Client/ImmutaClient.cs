using System.Net;
using Immuta.Client.Http;

namespace Immuta.Client;

/// <summary>
/// The root client of Immuta's API: owns the HTTP pipeline and hands out feature clients that share it. Immutable and
/// thread-safe; create one per tenant and reuse it.
/// </summary>
/// <example>
/// <code>
/// await using var client = new ImmutaClient(new Uri("https://tenant.immuta.com"), new ImmutaApiKeyCredential(apiKey));
/// IReadOnlyList&lt;Integration&gt; all = await client.Integrations.ListAsync();
/// </code>
/// </example>
public class ImmutaClient : IDisposable, IAsyncDisposable
{
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>For mocking only.</summary>
    protected ImmutaClient()
    {
        Endpoint = null!;
        Integrations = null!;
    }

    /// <summary>Creates a client with its own <see cref="HttpClient"/>.</summary>
    /// <param name="endpoint">The tenant URL, such as <c>https://tenant.immuta.com</c>.</param>
    /// <param name="credential">The API key.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="endpoint"/> is not an absolute http(s) URL, carries user information, a query or a fragment, is
    /// <c>http://</c> to another machine without <see cref="ImmutaClientOptions.AllowInsecureHttp"/>, or a setting is out of range.
    /// </exception>
    public ImmutaClient(Uri endpoint, ImmutaApiKeyCredential credential, ImmutaClientOptions? options = null)
        : this(endpoint, credential, options, primaryHandler: null)
    {
    }

    /// <summary>The public constructor, with the socket handler replaceable (benchmarks measure the stack over an in-memory one).</summary>
    internal ImmutaClient(Uri endpoint, ImmutaApiKeyCredential credential, ImmutaClientOptions? options, HttpMessageHandler? primaryHandler)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        options = ImmutaClientOptions.ValidOrDefault(options);
        Endpoint = CheckEndpoint(endpoint, nameof(endpoint), options);

        _ownedHttpClient = new HttpClient(CreateHandler(options, primaryHandler), disposeHandler: true)
        {
            BaseAddress = Endpoint,
            Timeout = Timeout.InfiniteTimeSpan, // the SDK's handler applies NetworkTimeout (retries included)
        };
        AddUserAgent(_ownedHttpClient, options.ApplicationId);
        Integrations = new IntegrationsClient(new ImmutaPipeline(_ownedHttpClient, credential, options, handlerAppliesNetworkTimeout: true));
    }

    /// <summary>
    /// Creates a client over your own <see cref="HttpClient"/> (for example one from <c>IHttpClientFactory</c>), whose
    /// <see cref="HttpClient.BaseAddress"/> is the tenant URL. The client does not dispose it. The SDK does not follow
    /// redirects: if your handler does (<c>AllowAutoRedirect</c>, on by default in <see cref="HttpClientHandler"/> and
    /// <see cref="SocketsHttpHandler"/>), turn that off, or a call redirected to another origin fails with
    /// <see cref="ImmutaRedirectException"/> after your handler has sent it there.
    /// </summary>
    /// <param name="httpClient">The HTTP client, with <see cref="HttpClient.BaseAddress"/> set.</param>
    /// <param name="credential">The API key.</param>
    /// <param name="options">
    /// Settings; <see langword="null"/> for the defaults. <see cref="ImmutaClientOptions.NetworkTimeout"/> bounds each call
    /// (send and body) whatever handlers <paramref name="httpClient"/> has; the SDK's retries are not added (add your own
    /// handlers), and <see cref="HttpClient.Timeout"/> still applies as you set it.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="httpClient"/> has no absolute http(s) <see cref="HttpClient.BaseAddress"/>, its address carries user
    /// information, a query or a fragment, or is <c>http://</c> to another machine without
    /// <see cref="ImmutaClientOptions.AllowInsecureHttp"/>, or a setting is out of range.
    /// </exception>
    public ImmutaClient(HttpClient httpClient, ImmutaApiKeyCredential credential, ImmutaClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(credential);
        options = ImmutaClientOptions.ValidOrDefault(options);
        Endpoint = CheckEndpoint(
            httpClient.BaseAddress ?? throw new ArgumentException("The HttpClient has no BaseAddress; set it to the tenant URL.", nameof(httpClient)),
            nameof(httpClient),
            options);
        Integrations = new IntegrationsClient(new ImmutaPipeline(httpClient, credential, options));
    }

    /// <summary>The <see cref="HttpClient"/> the client created itself, if it did (tests look at its settings).</summary>
    internal HttpClient? OwnedHttpClient => _ownedHttpClient;

    /// <summary>The tenant URL.</summary>
    public virtual Uri Endpoint { get; }

    /// <summary>The <c>/integrations</c> resource.</summary>
    public virtual IntegrationsClient Integrations { get; }

    /// <summary>Disposes the <see cref="HttpClient"/> the client created itself (never one passed in).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Disposes the <see cref="HttpClient"/> the client created itself (never one passed in), as <see cref="Dispose()"/>
    /// does, for <c>await using</c> and hosts that dispose asynchronously.
    /// </summary>
    /// <returns>A completed task: nothing the client owns needs to be awaited.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Disposes the owned <see cref="HttpClient"/>.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedHttpClient?.Dispose();
        }
    }

    /// <summary>Returns the endpoint, never the credential.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"ImmutaClient {{ Endpoint = {ImmutaRedaction.MaskUrlUserInfo(Endpoint.ToString())} }}";

    /// <summary>The client's own handler chain: sockets, then the SDK's resilience handler (timeouts, retries of GET).</summary>
    internal static HttpMessageHandler CreateHandler(ImmutaClientOptions options, HttpMessageHandler? primaryHandler = null)
    {
        var handler = ImmutaResilienceHandler.For(options);
        handler.InnerHandler = primaryHandler ?? CreatePrimaryHandler();
        return handler;
    }

    /// <summary>
    /// Sockets with pooled connections recycled every five minutes (DNS changes are seen) and decompression. Redirects are
    /// not followed: a 307/308 would re-send a create (its credentials included) to wherever the server points, and a
    /// 301/302 would turn it into a GET. A redirect becomes <see cref="ImmutaRedirectException"/> instead.
    /// </summary>
    internal static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
    };

    /// <summary>
    /// Puts the SDK's <c>User-Agent</c> on <paramref name="client"/>: the caller's <see cref="ImmutaClientOptions.ApplicationId"/>
    /// first (a product token, checked by <see cref="ImmutaClientOptions.Validate"/>), then <c>Immuta.Client/&lt;version&gt; (.NET &lt;version&gt;)</c>.
    /// </summary>
    /// <remarks>
    /// Added without the header parser: the value is made of checked product tokens and a comment, and parsing it cost
    /// the first call a vectorized search compiled for it alone (cold start, BENCHMARKS.md).
    /// </remarks>
    internal static void AddUserAgent(HttpClient client, string? applicationId)
    {
        var sdk = $"Immuta.Client/{Internal.SdkVersion.Value} (.NET {Environment.Version})";
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", applicationId is null ? sdk : $"{applicationId} {sdk}");
    }

    private static Uri CheckEndpoint(Uri endpoint, string parameter, ImmutaClientOptions options)
    {
        if (CheckEndpoint(endpoint, options.AllowInsecureHttp, $"set {nameof(ImmutaClientOptions)}.{nameof(ImmutaClientOptions.AllowInsecureHttp)} to true") is { } problem)
        {
            // The URL itself is not repeated: its user information may hold a password.
            throw new ArgumentException($"The Immuta endpoint {problem}", parameter);
        }

        if (IsInsecureEndpoint(endpoint))
        {
            Diagnostics.Log.InsecureEndpoint(Diagnostics.Loggers.For(options.LoggerFactory), endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
        }

        return endpoint;
    }

    /// <summary>
    /// What is wrong with an endpoint, as the end of a sentence that starts with its name (<c>"The Immuta endpoint "</c>,
    /// <c>"Immuta:Url "</c>, <c>"--url "</c>); <see langword="null"/> when it is usable. The one rule of the constructors,
    /// the DI settings and the <c>immuta-integrations</c> tool. The message never repeats the URL (its user information
    /// may hold a password).
    /// </summary>
    /// <param name="endpoint">The tenant URL.</param>
    /// <param name="allowInsecureHttp">Whether <c>http://</c> to another machine is accepted (<see cref="ImmutaClientOptions.AllowInsecureHttp"/>).</param>
    /// <param name="howToAllowInsecureHttp">How the caller accepts it, for the message, such as <c>pass --allow-insecure-http</c>.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string? CheckEndpoint(Uri endpoint, bool allowInsecureHttp, string howToAllowInsecureHttp)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(howToAllowInsecureHttp);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(endpoint.Host))
        {
            return "must be an absolute http or https URL, such as https://tenant.immuta.com.";
        }

        // An '@' in the path is user information too: a password holding '/' (https://u:12/34@host) ends what RFC 3986
        // reads as the authority early, so the password's start reads as a port and its rest, the '@' and the host as the path.
        if (!string.IsNullOrEmpty(endpoint.UserInfo) || endpoint.AbsolutePath.Contains('@', StringComparison.Ordinal))
        {
            return "must not carry user information; pass the API key as the credential.";
        }

        // Where a key may travel in the URL besides the user information: the query, the fragment, and path parameters
        // (https://host/api;jsessionid=…), which every request would send and every message print.
        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0 || endpoint.AbsolutePath.Contains(';', StringComparison.Ordinal))
        {
            return "must not carry a query, fragment or path parameters (;name=value: the SDK's requests do not need them, and a session or key in them would be printed): give the scheme, host and path only, and pass the API key as the credential.";
        }

        if (IsInsecureEndpoint(endpoint) && !allowInsecureHttp)
        {
            return $"uses http:// to another machine, so the API key and credentials would cross the network unencrypted: use https://, or {howToAllowInsecureHttp} to accept it.";
        }

        return null;
    }

    /// <summary>Whether the endpoint is plain HTTP to a host that is not this machine (<c>localhost</c>, <c>127.0.0.0/8</c> and <c>::1</c> are this machine).</summary>
    /// <param name="endpoint">An absolute tenant URL.</param>
    /// <returns><see langword="true"/> when the API key and credentials would cross the network unencrypted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is <see langword="null"/>.</exception>
    public static bool IsInsecureEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback;
    }
}
