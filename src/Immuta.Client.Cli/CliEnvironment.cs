namespace Immuta.Client.Cli;

/// <summary>What the tool runs with: its streams, its environment and whether it talks to a terminal.</summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard input (<c>-f -</c>).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Whether standard output is a terminal: table output.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Whether standard error is a terminal: live progress (rewritten in place) is written there.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>Client settings to start from (tests use a fast polling schedule); their <see cref="ImmutaClientOptions.TimeProvider"/> is the tool's clock.</summary>
    public ImmutaClientOptions? ClientOptions { get; init; }

    /// <summary>How long a profile's <c>apiKeyCommand</c> may run before it is stopped (a command waiting for a prompt never hangs the tool).</summary>
    public TimeSpan KeyCommandTimeout { get; init; } = DefaultKeyCommandTimeout;

    /// <summary>The default of <see cref="KeyCommandTimeout"/>: long enough for a secret manager's CLI that signs in first.</summary>
    public static readonly TimeSpan DefaultKeyCommandTimeout = TimeSpan.FromSeconds(60);

    public static CliEnvironment FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        IsTerminal = !Console.IsOutputRedirected,
        IsErrorTerminal = !Console.IsErrorRedirected,
    };
}

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>
    /// The API answered with an error (<see cref="ImmutaApiException"/>; a 400 or 422, Immuta refusing the request as
    /// invalid, is its <see cref="ImmutaRequestRejectedException"/>), or did not answer.
    /// </summary>
    public const int ApiError = 1;

    /// <summary>Wrong usage, or a definition that fails local validation (<see cref="IntegrationValidationException"/>: nothing was sent).</summary>
    public const int UsageError = 2;

    /// <summary>The integration settled in an error status, or the wait timed out.</summary>
    public const int OperationFailed = 3;

    /// <summary>
    /// <c>plan --detailed-exitcode</c>: the plan holds changes (creates, updates, prunes, or integrations still settling).
    /// Without the flag a plan exits 0 whether or not it holds changes, so a pull-request check is not red for proposing one.
    /// </summary>
    public const int ChangesPending = 4;

    /// <summary>Interrupted by Ctrl+C (SIGINT): 128 + 2.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (a CI job cancelled, a container stopped): 128 + 15.</summary>
    public const int Terminated = 143;

    // From best to worst: what a run over several integrations or tenants exits with is the worst of their codes.
    // A usage error (nothing could be sent) outranks an API error (a request was refused), which outranks an
    // integration that settled in error; an interruption outranks them all.
    private static readonly int[] Order = [Success, ChangesPending, OperationFailed, ApiError, UsageError, Cancelled, Terminated];

    /// <summary>The worse of two exit codes (<see cref="Order"/>); a code not in the order counts as the worst.</summary>
    public static int Worst(int a, int b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(int code) => Array.IndexOf(Order, code) is var i and >= 0 ? i : int.MaxValue;
}
