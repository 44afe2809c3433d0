using BenchmarkDotNet.Attributes;
using Immuta.Client.Serialization;

namespace Immuta.Client.Benchmarks;

/// <summary>GET one 2 KB integration, in memory: the SDK's full default stack against the hand-written baseline.</summary>
[MemoryDiagnoser]
public class GetIntegrationBenchmarks
{
    private HttpClient _baseline = null!;
    private ImmutaClient _sdk = null!;
    private ImmutaClient _sdkWithExtraHandler = null!;

    [GlobalSetup]
    public void Setup()
    {
        _baseline = new HttpClient(new InMemoryHandler(Bodies.OneIntegration)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        _sdk = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults, new InMemoryHandler(Bodies.OneIntegration));
        _sdkWithExtraHandler = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults,
            new PassThroughHandler { InnerHandler = new InMemoryHandler(Bodies.OneIntegration) });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _baseline.Dispose();
        _sdk.Dispose();
        _sdkWithExtraHandler.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<Integration> Baseline_HttpClientAndSourceGeneratedJson() => Baseline.GetAsync(_baseline, "/integrations/123456789", ImmutaJsonContext.Default.Integration);

    [Benchmark]
    public Task<Integration> Sdk_GetAsync() => _sdk.Integrations.GetAsync("123456789");

    [Benchmark]
    public Task<Integration> Sdk_GetAsync_OneExtraHandler() => _sdkWithExtraHandler.Integrations.GetAsync("123456789");
}

/// <summary>
/// CPU per call with 32 concurrent callers (2 cores): time per call across 32 concurrent GETs, with the transport
/// completing asynchronously as real I/O does.
/// </summary>
[MemoryDiagnoser]
public class ConcurrentGetBenchmarks
{
    private const int Callers = 32;
    private HttpClient _baseline = null!;
    private ImmutaClient _sdk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _baseline = new HttpClient(new AsyncInMemoryHandler(Bodies.OneIntegration)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        _sdk = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults, new AsyncInMemoryHandler(Bodies.OneIntegration));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
    public Task Baseline_32Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => Baseline.GetAsync(_baseline, "/integrations/1", ImmutaJsonContext.Default.Integration))));

    [Benchmark(OperationsPerInvoke = Callers)]
    public Task Sdk_32Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => _sdk.Integrations.GetAsync("1"))));
}

/// <summary>Lists of 10, 100 and 1,000 integrations of mixed platforms: the SDK should grow linearly, like the baseline.</summary>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private HttpClient _baseline = null!;
    private ImmutaClient _sdk = null!;

    [Params(10, 100, 1000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var body = Bodies.List(Count);
        _baseline = new HttpClient(new InMemoryHandler(body)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        _sdk = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults, new InMemoryHandler(body));
    }

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<Integration>> Baseline_List() => Baseline.GetAsync(_baseline, "/integrations", ImmutaJsonContext.Default.IReadOnlyListIntegration);

    [Benchmark]
    public Task<IReadOnlyList<Integration>> Sdk_ListAsync() => _sdk.Integrations.ListAsync();
}

/// <summary>A 48 MiB list answer, and a 48 MiB error answer (only its first 16 KB should be read).</summary>
[MemoryDiagnoser]
public class LargeBodyBenchmarks
{
    private HttpClient _baseline = null!;
    private ImmutaClient _sdk = null!;
    private ImmutaClient _sdkStreaming = null!;
    private ImmutaClient _sdkError = null!;

    [GlobalSetup]
    public void Setup()
    {
        var list = Bodies.ListOfSize(48);
        Console.WriteLine($"// list body: {list.Length / 1024.0 / 1024.0:0.0} MiB");
        _baseline = new HttpClient(new InMemoryHandler(list)) { BaseAddress = new Uri("https://tenant.immuta.test") };
        _sdk = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults, new InMemoryHandler(list));
        _sdkStreaming = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"),
            new ImmutaClientOptions { Retry = new ImmutaRetryOptions { Enabled = false } }, new InMemoryHandler(list));
        var error = System.Text.Encoding.UTF8.GetBytes("{\"statusCode\":500,\"error\":\"x\",\"message\":\"" + new string('x', 48 * 1024 * 1024) + "\"}");
        _sdkError = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("benchmark-key"),
            new ImmutaClientOptions { Retry = new ImmutaRetryOptions { Enabled = false } }, new InMemoryHandler(error, System.Net.HttpStatusCode.InternalServerError));
    }

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<Integration>> Baseline_48MiBList() => Baseline.GetAsync(_baseline, "/integrations", ImmutaJsonContext.Default.IReadOnlyListIntegration);

    [Benchmark]
    public Task<IReadOnlyList<Integration>> Sdk_48MiBList_Defaults() => _sdk.Integrations.ListAsync();

    [Benchmark]
    public Task<IReadOnlyList<Integration>> Sdk_48MiBList_RetriesOff() => _sdkStreaming.Integrations.ListAsync();

    [Benchmark]
    public async Task<string?> Sdk_48MiBErrorBody()
    {
        try
        {
            await _sdkError.Integrations.GetStatusAsync("1");
            return null;
        }
        catch (ImmutaApiException error)
        {
            return error.Error;
        }
    }
}

/// <summary>Serializing a full Snowflake create body (OAuth client credentials, every optional object).</summary>
[MemoryDiagnoser]
public class SerializeBenchmarks
{
    private static readonly byte[] SnowflakeCreateJson = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Bodies.SnowflakeCreate, ImmutaJsonContext.Default.IntegrationDefinition);

    [Benchmark]
    public byte[] Serialize_SnowflakeCreateBody()
        => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Bodies.SnowflakeCreate, ImmutaJsonContext.Default.IntegrationDefinition);

    /// <summary>What every request body adds: credentials recorded for scrubbing, <c>&lt;REDACTED&gt;</c> refused.</summary>
    [Benchmark]
    public void Check_SnowflakeCreateBody()
    {
        using var scope = Http.SecretScope.Begin();
        Http.RequestBodyCheck.Check(SnowflakeCreateJson);
    }
}

/// <summary>
/// GET one 2 KB integration from a Kestrel server in another process on 127.0.0.1, one caller: the whole round trip,
/// SDK against the baseline, each on its own pooled connection.
/// </summary>
[MemoryDiagnoser]
public class LoopbackGetBenchmarks
{
    private HttpClient _baseline = null!;
    private ImmutaClient _sdk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _baseline = new HttpClient(new SocketsHttpHandler()) { BaseAddress = LoopbackServer.Url };
        _sdk = new ImmutaClient(LoopbackServer.Url, new ImmutaApiKeyCredential("benchmark-key"), Bodies.SdkDefaults);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _baseline.Dispose();
        _sdk.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<Integration> Baseline_Loopback() => Baseline.GetAsync(_baseline, "/integrations/123456789", ImmutaJsonContext.Default.Integration);

    [Benchmark]
    public Task<Integration> Sdk_Loopback() => _sdk.Integrations.GetAsync("123456789");
}
