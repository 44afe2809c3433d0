namespace Immuta.Client;

/// <summary>
/// Thrown before any request when local validation finds errors (<see cref="IntegrationValidationSeverity.Error"/>);
/// lists every error at once. Nothing was sent. Immuta's own refusals are <see cref="ImmutaRequestRejectedException"/>.
/// </summary>
public class IntegrationValidationException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="findings">The findings; only the errors among them are kept and listed.</param>
    public IntegrationValidationException(IReadOnlyList<IntegrationValidationFinding> findings)
        : this(ErrorsOf(findings))
    {
    }

    private IntegrationValidationException(List<IntegrationValidationFinding> errors)
        : base(MessageOf(errors)) => Errors = errors;

    /// <summary>The errors found (warnings are not listed here; <see cref="IntegrationDefinition.Validate"/> returns them).</summary>
    public IReadOnlyList<IntegrationValidationFinding> Errors { get; }

    private static List<IntegrationValidationFinding> ErrorsOf(IReadOnlyList<IntegrationValidationFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return findings.Where(f => f.IsError).ToList();
    }

    private static string MessageOf(List<IntegrationValidationFinding> errors)
        => $"The integration definition is not valid ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}):"
            + string.Concat(errors.Select(e => $"{Environment.NewLine}- {e}"));
}
