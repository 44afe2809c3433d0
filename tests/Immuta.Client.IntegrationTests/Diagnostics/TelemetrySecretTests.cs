using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Immuta.Client.DependencyInjection;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// The attacker's scan of everything telemetry carries — span names, attributes, events and status descriptions, metric
/// tags, log messages with their structured state and scopes, health-check results — after answers and handlers that
/// echo the API key and the body's credentials: in error messages, under escaped, unicode, very long and oddly named
/// members, in <c>Retry-After</c> and <c>Location</c> headers, in a followed redirect's query and user information, in the
/// message of an exception a handler of the caller's throws. None may show either secret; <c>error.type</c> is a status
/// or a type, never a message.
/// </summary>
public sealed class TelemetrySecretTests
{
    // Distinctive cores: a scan for them finds the secret however much of it is quoted.
    private const string ApiKey = "ak-TLMKEY-7731-zz";
    private const string Password = "pw-TLMPWD-4417-qq";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Hostility
    {
        ErrorEchoesSecrets,
        ServerErrorEchoesSecrets,
        RetryAfterHoldsTheKey,
        RedirectLocationHoldsTheKey,
        RedirectFollowedToAQueryWithTheKey,
        RedirectFollowedToAPathSegmentWithTheKey,
        RedirectFollowedToAPercentEncodedKeyInThePath,
        RedirectFollowedToAPathParameterWithTheKey,
        RedirectFollowedToUserInfoWithTheKey,
        RedirectFollowedToAHostWithTheKey,
        RedirectFollowedOnTheSameOriginToAPathWithTheKey,
        HandlerThrowsTheKey,
        HandlerThrowsForeignExceptionWithTheKey,
        SuccessWithSecretsInOddMembers,
    }

    public static TheoryData<Hostility> Hostilities => [.. Enum.GetValues<Hostility>()];

    [Theory]
    [MemberData(nameof(Hostilities))]
    public async Task EveryCall_HostileAnswerOrHandler_NoSecretInSpansMetricsOrLogs(Hostility hostility)
    {
        using var capture = new TelemetryCapture();
        var port = 20000 + (int)hostility; // never connected to: the handler answers in process
        using var http = new HttpClient(new HostileHandler(hostility)) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential(ApiKey), new ImmutaClientOptions
        {
            LoggerFactory = capture.LoggerFactory,
            Polling = TestBackend.NoDelays with { Timeout = TimeSpan.FromMinutes(1) },
            TimeProvider = new FakeTimeProvider(),
        });
        var printed = new StringBuilder();

        foreach (var call in Calls(client))
        {
            try
            {
                await call();
            }
            catch (Exception exception) when (exception is ImmutaException or OperationCanceledException)
            {
                printed.AppendLine(exception.ToString());
                if (exception is ImmutaApiException api)
                {
                    printed.AppendLine(CultureInfo.InvariantCulture, $"{api.Path} {api.Location}");
                }
            }
        }

        var telemetry = Scan(capture);
        Assert.NotEmpty(capture.Logs);
        Assert.DoesNotContain(ApiKey, telemetry, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, telemetry, StringComparison.Ordinal);
        Assert.DoesNotContain("TLMKEY", telemetry, StringComparison.Ordinal);
        Assert.DoesNotContain("TLMPWD", telemetry, StringComparison.Ordinal);
        // An exception may quote a password the server echoes to a call that never sent it (the SDK cannot know it is
        // one); the key it always knows.
        Assert.DoesNotContain("TLMKEY", printed.ToString(), StringComparison.Ordinal);
        Assert.All(ErrorTypes(capture), type => Assert.Matches(LowCardinalityErrorType(), type));
    }

    public static TheoryData<Hostility> HealthHostilities => [Hostility.ErrorEchoesSecrets, Hostility.ServerErrorEchoesSecrets, Hostility.HandlerThrowsTheKey, Hostility.HandlerThrowsForeignExceptionWithTheKey, Hostility.RedirectFollowedToAQueryWithTheKey,
        Hostility.RedirectFollowedToAPathSegmentWithTheKey, Hostility.RedirectFollowedToAPercentEncodedKeyInThePath, Hostility.RedirectFollowedToAPathParameterWithTheKey,
        Hostility.RedirectFollowedToUserInfoWithTheKey, Hostility.RedirectFollowedToAHostWithTheKey, Hostility.RedirectFollowedOnTheSameOriginToAPathWithTheKey];

    [Theory]
    [MemberData(nameof(HealthHostilities))]
    public async Task AddImmutaHealthCheck_HostileAnswerOrHandler_ResultCarriesNoKey(Hostility hostility)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddImmutaClient(s =>
        {
            (s.Url, s.ApiKey, s.UseSdkResilienceHandler) = (new Uri("http://127.0.0.1:20100"), ApiKey, false);
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new HostileHandler(hostility));
        builder.Services.AddHealthChecks().AddImmutaHealthCheck();
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        var entry = report.Entries["immuta"];
        Assert.NotEqual(HealthStatus.Healthy, entry.Status);
        var printed = $"{entry.Description} {entry.Exception} {string.Join(' ', entry.Data.Select(d => $"{d.Key}={d.Value}"))}";
        Assert.DoesNotContain("TLMKEY", printed, StringComparison.Ordinal);
    }

    private static Regex LowCardinalityErrorType() => new("^([1-5][0-9]{2}|timeout|[a-z_]+|[A-Za-z.]+)$");

    private static IEnumerable<Func<Task>> Calls(ImmutaClient client)
    {
        var definition = TracingTests.Definition(password: Password);
        var delete = TracingTests.DeleteOptions(Password);
        yield return () => client.Integrations.ListAsync(Ct);
        yield return () => client.Integrations.GetAsync("1", Ct);
        yield return () => client.Integrations.GetStatusAsync("1", Ct);
        yield return () => client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);
        yield return () => client.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, definition, Ct);
        yield return () => client.Integrations.ValidateAsync(definition, Ct);
        yield return () => client.Integrations.UpdateAsync(ImmutaWaitUntil.Completed, "1", definition, Ct);
        yield return () => client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, "1", delete, Ct);
        yield return () => client.Integrations.ValidateDeleteAsync("1", delete, Ct);
        yield return () => client.Integrations.RegenerateKeyAsync("1", Ct);
        yield return () => client.Integrations.Scripts.CreateAsync(definition with { AutoBootstrap = false }, Ct);
        yield return () => client.Integrations.ResumeDeleteOperation("1").UpdateStatusAsync(Ct);
    }

    private static string Scan(TelemetryCapture capture)
    {
        var text = new StringBuilder();
        foreach (var span in capture.AllSpans)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{span.OperationName} {span.DisplayName} {span.StatusDescription}");
            foreach (var tag in span.TagObjects)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{tag.Key}={tag.Value}");
            }

            foreach (var e in span.Events)
            {
                text.AppendLine(e.Name);
                foreach (var tag in e.Tags)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{tag.Key}={tag.Value}");
                }
            }

            foreach (var item in span.Baggage)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{item.Key}={item.Value}");
            }
        }

        foreach (var metric in capture.Metrics())
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{metric.Name} {tag.Key}={tag.Value}");
                }
            }
        }

        foreach (var line in capture.Logs)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    private static IEnumerable<string> ErrorTypes(TelemetryCapture capture)
    {
        foreach (var span in capture.AllSpans.Where(s => s.Source.Name == "Immuta.Client"))
        {
            if (span.GetTagItem("error.type") is { } type)
            {
                yield return type.ToString()!;
            }
        }

        foreach (var metric in capture.Metrics())
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == "error.type")
                    {
                        yield return tag.Value?.ToString() ?? string.Empty;
                    }
                }
            }
        }
    }

    /// <summary>Answers every request as the <see cref="Hostility"/> says, in process.</summary>
    private sealed class HostileHandler(Hostility hostility) : HttpMessageHandler
    {
        private static readonly string LongName = new string('x', 5000) + "Secret";

        // Immuta's error shape, its message echoing both secrets, and the secrets again under escaped, unicode, very long and odd names.
        private static readonly string EchoBody =
            "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Password " + Password + " and key " + ApiKey + " refused; \\\"" + Password + "\\\"\","
            + "\"\\u0070assword\":\"" + Password + "\",\"apiKey\":\"" + ApiKey + "\",\"pa\\u0073sword\":\"\\u0070w-TLMPWD-4417-qq\","
            + "\"" + LongName + "\":\"" + Password + "\",\"ＰＡＳＳＷＯＲＤ\":\"" + Password + "\",\"x-api-key\":\"" + ApiKey + "\"}";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = hostility switch
            {
                Hostility.ErrorEchoesSecrets => Json(HttpStatusCode.BadRequest, EchoBody),
                Hostility.ServerErrorEchoesSecrets => Json(HttpStatusCode.InternalServerError, EchoBody),
                Hostility.RetryAfterHoldsTheKey => RetryAfter(),
                Hostility.RedirectLocationHoldsTheKey => Redirect(),
                Hostility.RedirectFollowedToAQueryWithTheKey => Followed(request),
                Hostility.RedirectFollowedToAPathSegmentWithTheKey => FollowedTo(request, $"http://elsewhere.test:{request.RequestUri!.Port}/integrations/{ApiKey}/status#{ApiKey}", HttpStatusCode.OK),
                Hostility.RedirectFollowedToAPercentEncodedKeyInThePath => FollowedTo(request, $"http://elsewhere.test:{request.RequestUri!.Port}/integrations/{EncodeEveryByte(ApiKey)}", HttpStatusCode.OK),
                Hostility.RedirectFollowedToAPathParameterWithTheKey => FollowedTo(request, $"http://elsewhere.test:{request.RequestUri!.Port}/integrations;jsessionid={ApiKey}", HttpStatusCode.OK),
                Hostility.RedirectFollowedToUserInfoWithTheKey => FollowedTo(request, $"http://{ApiKey}@elsewhere.test:{request.RequestUri!.Port}/integrations", HttpStatusCode.OK),
                Hostility.RedirectFollowedToAHostWithTheKey => FollowedTo(request, $"http://{ApiKey}.elsewhere.test:{request.RequestUri!.Port}/integrations", HttpStatusCode.OK),
                Hostility.RedirectFollowedOnTheSameOriginToAPathWithTheKey => FollowedTo(request, $"http://127.0.0.1:{request.RequestUri!.Port}/integrations/{ApiKey};k={EncodeEveryByte(ApiKey)}?k={ApiKey}#{ApiKey}", HttpStatusCode.NotFound),
                Hostility.HandlerThrowsTheKey => throw new HttpRequestException($"The proxy refused the key {ApiKey} (password {Password})."),
                Hostility.HandlerThrowsForeignExceptionWithTheKey => throw new InvalidOperationException($"Audit failed for header X-Api-Key: {ApiKey}; body password {Password}."),
                Hostility.SuccessWithSecretsInOddMembers => Success(request),
                _ => throw new InvalidOperationException($"No answer for {hostility}."),
            };
            response.RequestMessage ??= request;
            return Task.FromResult(response);
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body)
            => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        private static HttpResponseMessage RetryAfter()
        {
            var response = Json(HttpStatusCode.ServiceUnavailable, EchoBody);
            response.Headers.TryAddWithoutValidation("Retry-After", ApiKey);
            return response;
        }

        private static HttpResponseMessage Redirect()
        {
            var response = Json(HttpStatusCode.Found, EchoBody);
            response.Headers.TryAddWithoutValidation("Location", $"https://svc:{Password}@elsewhere.test/integrations?apikey={ApiKey}");
            return response;
        }

        // A handler of the caller's followed a redirect: the response comes from another origin, its query holding the key.
        private static HttpResponseMessage Followed(HttpRequestMessage request)
        {
            request.RequestUri = new Uri($"http://svc:{Password}@elsewhere.test:{request.RequestUri!.Port}/integrations?apikey={ApiKey}&{Password}");
            var response = Json(HttpStatusCode.OK, "{}");
            response.RequestMessage = request;
            return response;
        }

        // A handler of the caller's followed a redirect to `address`, which answered `status`.
        private static HttpResponseMessage FollowedTo(HttpRequestMessage request, string address, HttpStatusCode status)
        {
            request.RequestUri = new Uri(address);
            var response = Json(status, status == HttpStatusCode.OK ? "{}" : "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"No such integration.\"}");
            response.RequestMessage = request;
            return response;
        }

        private static string EncodeEveryByte(string text) => string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"%{b:X2}"));

        private static HttpResponseMessage Success(HttpRequestMessage request)
        {
            var path = request.RequestUri!.AbsolutePath;
            var integration = "{\"id\":\"1\",\"type\":\"Snowflake\",\"status\":\"enabled\",\"autoBootstrap\":true,\"config\":{\"host\":\"h\",\"warehouse\":\"w\","
                + "\"database\":\"d\",\"authenticationType\":\"userPassword\",\"username\":\"u\",\"password\":{\"v\":\"" + Password + "\"},\"role\":[\"" + Password + "\"],"
                + "\"" + LongName + "\":\"" + Password + "\",\"\\u0070assword\":\"" + Password + "\"},\"" + ApiKey + "\":\"" + Password + "\"}";
            return path switch
            {
                "/integrations" when request.Method == HttpMethod.Get => Json(HttpStatusCode.OK, $"[{integration}]"),
                "/integrations/1/status" => Json(HttpStatusCode.OK, "{\"id\":1,\"status\":\"enabled\",\"message\":\"" + ApiKey + "\"}"),
                "/integrations/1/regenerate" => Json(HttpStatusCode.OK, "{\"newKey\":\"" + ApiKey + "\",\"oldKey\":\"" + Password + "\"}"),
                "/integrations/scripts/create" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("-- script " + Password, Encoding.UTF8, "text/plain") },
                "/integrations/1" when request.Method == HttpMethod.Get => Json(HttpStatusCode.OK, integration),
                _ when request.Method == HttpMethod.Delete && request.RequestUri.Query.Length == 0 => Json(HttpStatusCode.OK, "{\"id\":\"1\",\"status\":\"deleting\"}"),
                _ => Json(HttpStatusCode.OK, "{\"id\":\"1\",\"status\":\"creating\",\"validationResults\":{\"" + ApiKey + "\":\"" + Password + "\"}}"),
            };
        }
    }
}
