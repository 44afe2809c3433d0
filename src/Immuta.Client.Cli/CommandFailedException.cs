namespace Immuta.Client.Cli;

/// <summary>The command cannot do what it was asked (a request Immuta would refuse, an answer without what it exists to return): one line, exit 1.</summary>
internal sealed class CommandFailedException(string message) : Exception(message);
