namespace Immuta.Client.Cli;

/// <summary>Wrong usage found after parsing (a missing URL or key, a bad duration).</summary>
internal sealed class UsageException(string message) : Exception(message);
