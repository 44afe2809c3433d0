namespace Immuta.Client.Cli;

/// <summary>
/// Integration ids as the tool reads them (an <c>id</c> argument) and prints them (always a JSON string, as
/// <c>GET /integrations</c> returns them). A malformed id is a parse error (exit 2, one line), found before any request.
/// </summary>
internal static class Ids
{
    public static System.CommandLine.Argument<string> Argument()
    {
        var id = new System.CommandLine.Argument<string>("id") { Description = "The integration id (letters, digits, '-' and '_', such as 12)." };
        id.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
            if (Problem(text) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return id;
    }

    /// <summary>What is wrong with an id, or <see langword="null"/>. The SDK refuses the same ids (with an <see cref="ArgumentException"/>).</summary>
    public static string? Problem(string text)
        => IntegrationsClient.IsWellFormedId(text)
            ? null
            : $"'{text}' is not an integration id: an id holds only letters, digits, '-' and '_' (such as 12); run 'immuta-integrations list' to see them.";
}
