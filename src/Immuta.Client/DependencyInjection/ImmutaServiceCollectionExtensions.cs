using Immuta.Client;
using Immuta.Client.DependencyInjection;
using Immuta.Client.Diagnostics;
using Immuta.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ImmutaClient"/> (and its <see cref="IntegrationsClient"/>) with dependency injection, on <c>IHttpClientFactory</c>.</summary>
public static class ImmutaServiceCollectionExtensions
{
    /// <summary>The configuration section read by default.</summary>
    public const string DefaultSection = "Immuta";

    /// <summary>
    /// Registers a singleton <see cref="ImmutaClient"/> configured from the <c>Immuta</c> section of the registered
    /// <see cref="IConfiguration"/> (if any), then <paramref name="configure"/>, then <c>IMMUTA_URL</c> and
    /// <c>IMMUTA_API_KEY</c>; the settings are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the settings; <see langword="null"/> to use configuration and environment only.</param>
    /// <returns>A builder exposing the <see cref="IHttpClientBuilder"/>, to add your own handlers.</returns>
    public static ImmutaClientBuilder AddImmutaClient(this IServiceCollection services, Action<ImmutaClientSettings>? configure = null)
        => Add(services, serviceKey: null, section: null, configure);

    /// <summary>Registers a singleton <see cref="ImmutaClient"/> configured from a configuration section, then the environment.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section, such as <c>configuration.GetSection("Immuta")</c>.</param>
    /// <returns>A builder exposing the <see cref="IHttpClientBuilder"/>.</returns>
    public static ImmutaClientBuilder AddImmutaClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey: null, section, configure: null);
    }

    /// <summary>Registers a keyed singleton <see cref="ImmutaClient"/> (one per tenant), configured by a delegate.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, such as the tenant's name.</param>
    /// <param name="configure">Sets the URL, key and options.</param>
    /// <returns>A builder exposing the <see cref="IHttpClientBuilder"/>.</returns>
    public static ImmutaClientBuilder AddKeyedImmutaClient(this IServiceCollection services, string serviceKey, Action<ImmutaClientSettings> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, serviceKey, section: null, configure);
    }

    /// <summary>Registers a keyed singleton <see cref="ImmutaClient"/> (one per tenant), configured from a section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, such as the tenant's name.</param>
    /// <param name="section">The section, such as <c>configuration.GetSection("Immuta:Production")</c>.</param>
    /// <returns>A builder exposing the <see cref="IHttpClientBuilder"/>.</returns>
    public static ImmutaClientBuilder AddKeyedImmutaClient(this IServiceCollection services, string serviceKey, IConfiguration section)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(section);
        return Add(services, serviceKey, section, configure: null);
    }

    private static ImmutaClientBuilder Add(IServiceCollection services, string? serviceKey, IConfiguration? section, Action<ImmutaClientSettings>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = serviceKey is null ? Options.Options.DefaultName : serviceKey;
        var httpName = serviceKey is null ? "Immuta.Client" : $"Immuta.Client:{serviceKey}";
        var path = section is IConfigurationSection s ? s.Path : serviceKey is null ? DefaultSection : $"{DefaultSection}:{serviceKey}";

        // A library and the application may both register the same client: the settings of every call apply, in order,
        // but the pipeline and the services are added once (twice would stack the SDK's handler: 16 tries of one GET).
        var first = !services.Any(d => d.ServiceType == typeof(Registration) && d.ImplementationInstance is Registration r && r.HttpName == httpName);
        var settingsBuilder = services.AddOptions<ImmutaClientSettings>(name);
        settingsBuilder.Configure<IServiceProvider>((settings, provider) =>
        {
            var source = section ?? (serviceKey is null && first ? provider.GetService<IConfiguration>()?.GetSection(DefaultSection) : null);
            if (source is not null)
            {
                // Unreadable values are kept as problems and reported with all the others when the settings are validated.
                settings.Read(source);
                var logger = Loggers.For(provider.GetService<ILoggerFactory>());
                foreach (var (key, closest) in UnknownSettings.Find(source))
                {
                    Log.UnknownSetting(logger, key, closest);
                }
            }

            configure?.Invoke(settings);
        });
        var http = services.AddHttpClient(httpName);
        if (!first)
        {
            return new ImmutaClientBuilder(services, serviceKey, http);
        }

        services.AddSingleton(new Registration(httpName));

        // IMMUTA_URL and IMMUTA_API_KEY are the unkeyed client's only: a keyed client (another tenant) must not borrow the
        // default tenant's key or URL. Filled after every Configure, so configuration and code come first.
        if (serviceKey is null)
        {
            settingsBuilder.PostConfigure<IServiceProvider>((settings, provider)
                => settings.ReadEnvironment(provider.GetService<EnvironmentVariables>()?.Read));
        }

        settingsBuilder.ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImmutaClientSettings>>(new SettingsValidator(name, path, environmentFallback: serviceKey is null));

        http.ConfigurePrimaryHttpMessageHandler(ImmutaClient.CreatePrimaryHandler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan) // the primary handler recycles its connections itself
            // HttpClientFactory's default loggers put every request header in their structured state, the API key in clear
            // (RedactLoggedHeaders masks the formatted message only): the SDK logs its calls itself, without them.
            .RemoveAllLoggers()
            .ConfigureHttpClient((provider, client) =>
            {
                var settings = Settings(provider, name);
                client.BaseAddress = settings.Url;
                client.Timeout = Timeout.InfiniteTimeSpan; // the SDK's handler applies NetworkTimeout
                ImmutaClient.AddUserAgent(client, settings.Options.ApplicationId);
            })
            .AddHttpMessageHandler(provider =>
            {
                var settings = Settings(provider, name);
                var options = Effective(provider, settings);
                return settings.UseSdkResilienceHandler
                    ? ImmutaResilienceHandler.For(options)
                    : new PassThroughHandler();
            });

        // After every handler anyone adds (host-wide defaults included), so that it wraps them all.
        services.PostConfigure<HttpClientFactoryOptions>(httpName, factory => factory.HttpMessageHandlerBuilderActions.Add(SendOnce.Wrap));

        ImmutaClient Create(IServiceProvider provider)
        {
            var settings = Settings(provider, name);
            var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpName);
            return new ImmutaClient(httpClient, new ImmutaApiKeyCredential(settings.ApiKey!), Effective(provider, settings));
        }

        if (serviceKey is null)
        {
            services.TryAddSingleton(Create);
            services.TryAddSingleton(provider => provider.GetRequiredService<ImmutaClient>().Integrations);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => Create(provider));
            services.AddKeyedSingleton(serviceKey, (provider, key) => provider.GetRequiredKeyedService<ImmutaClient>(key).Integrations);
        }

        return new ImmutaClientBuilder(services, serviceKey, http);
    }

    private static ImmutaClientSettings Settings(IServiceProvider provider, string name)
        => provider.GetRequiredService<IOptionsMonitor<ImmutaClientSettings>>().Get(name);

    // The host's logger factory and clock, unless the settings name their own.
    private static ImmutaClientOptions Effective(IServiceProvider provider, ImmutaClientSettings settings)
    {
        var options = settings.Options;
        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        return options;
    }

    /// <summary>Marks a named client as registered, so a second registration adds settings only.</summary>
    private sealed record Registration(string HttpName);

    private sealed class SettingsValidator(string name, string path, bool environmentFallback) : IValidateOptions<ImmutaClientSettings>
    {
        public ValidateOptionsResult Validate(string? optionsName, ImmutaClientSettings options)
            => optionsName != name ? ValidateOptionsResult.Skip
                : options.Problems(path, environmentFallback) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    private sealed class PassThroughHandler : DelegatingHandler;
}

/// <summary>What <c>AddImmutaClient</c> returns: the registration, and the HTTP pipeline for your own handlers.</summary>
/// <param name="services">The services.</param>
/// <param name="serviceKey">The key of a keyed registration, or <see langword="null"/>.</param>
/// <param name="httpClientBuilder">The named <see cref="HttpClient"/> all feature clients share.</param>
public sealed class ImmutaClientBuilder(IServiceCollection services, string? serviceKey, IHttpClientBuilder httpClientBuilder)
{
    /// <summary>The services.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>The key of a keyed registration, or <see langword="null"/>.</summary>
    public string? ServiceKey { get; } = serviceKey;

    /// <summary>
    /// The named <see cref="HttpClient"/> the client uses: add handlers (auth proxies, your own resilience) here. A resilience
    /// handler must leave POST, PUT and DELETE alone (<c>DisableForUnsafeHttpMethods()</c>): the SDK refuses to send one twice.
    /// HttpClientFactory's default loggers are removed from it, as their log state holds the API key; do not add them back
    /// with <c>AddDefaultLogger()</c>.
    /// </summary>
    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;
}
