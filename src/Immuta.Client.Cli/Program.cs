using System.Runtime.InteropServices;
using Immuta.Client.Cli;

// Ctrl+C (SIGINT) exits 130 and SIGTERM 143 (128 + the signal), as shells and CI runners expect; either cancels the
// command, which stops waiting and says "interrupted". The token source is never disposed: a signal may still arrive
// while the process ends, and cancelling a disposed source would crash it.
var cancel = new CancellationTokenSource();
var signalled = 0;
void OnSignal(PosixSignalContext context, int code)
{
    context.Cancel = true;
    Interlocked.CompareExchange(ref signalled, code, 0);
    cancel.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, ExitCodes.Cancelled));
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, ExitCodes.Terminated));
var code = await CliApp.RunAsync(args, CliEnvironment.FromConsole(), cancel.Token);
var signal = Volatile.Read(ref signalled);
return code == ExitCodes.Cancelled && signal != 0 ? signal : code;
