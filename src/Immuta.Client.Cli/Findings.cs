using System.Globalization;

namespace Immuta.Client.Cli;

/// <summary>How the tool prints a validation finding: one line whatever the file's member names hold.</summary>
internal static class Findings
{
    /// <summary>
    /// A finding as the tool prints it, on one line: <c>warning: config.token: … [source: …]</c>. A member name from the
    /// file may hold control characters (a line break would forge a line of output): they print as <c>\uXXXX</c>.
    /// </summary>
    public static string Describe(IntegrationValidationFinding finding)
        => OneLine($"{(finding.IsError ? "error" : "warning")}: {finding.Path}: {finding.Message} [source: {finding.Source}]");

    public static string OneLine(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var line = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            line.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString());
        }

        return line.ToString();
    }
}
