using System.Runtime.InteropServices;
using Immuta.Client.Cli;

// Ctrl+C (SIGINT) exits 130 and SIGTERM 143 (128 + the signal), as shells and CI runners expect; either cancels the
// command, which stops waiting and says "interrupted".
using var cancel = new CancellationTokenSource();
var terminated = false;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    terminated = true;
    cancel.Cancel();
});
var code = await CliApp.RunAsync(args, CliEnvironment.FromConsole(), cancel.Token);
return terminated && code == ExitCodes.Cancelled ? ExitCodes.Terminated : code;
