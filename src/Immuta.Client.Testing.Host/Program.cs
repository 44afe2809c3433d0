using System.Globalization;
using Immuta.Client.Testing;

// The fake Immuta as a standalone server, for curl, the docs' own examples, or any HTTP client:
//   dotnet run --project src/Immuta.Client.Testing.Host -- --port 8080 [--api-key KEY] [--settle-after SECONDS] [--max-request-body-bytes N]
var options = new FakeImmutaServerOptions { Port = 8080 };
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535:
            options.Port = port;
            i++;
            break;
        case "--api-key" when !string.IsNullOrWhiteSpace(value):
            options.ApiKey = value;
            i++;
            break;
        case "--settle-after" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
            options.SettleAfter = TimeSpan.FromSeconds(seconds);
            i++;
            break;
        case "--max-request-body-bytes" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is > 0 and < int.MaxValue:
            options.MaxRequestBodyBytes = bytes;
            i++;
            break;
        case "--help" or "-h":
            Console.WriteLine("usage: fake-immuta [--port N (default 8080, 0 = free port)] [--api-key KEY] [--settle-after SECONDS (default 2)] [--max-request-body-bytes N (default 1048576)]");
            return 0;
        default:
            Console.Error.WriteLine($"fake-immuta: unknown or incomplete option '{args[i]}'; see --help");
            return 2;
    }
}

await using var server = FakeImmutaServer.Start(options);
Console.WriteLine($"Fake Immuta listening on {server.Uri}");
Console.WriteLine($"API key: {server.ApiKey}");
Console.WriteLine("Press Ctrl+C to stop.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token);
}
catch (OperationCanceledException)
{
    // stopping
}

return 0;
