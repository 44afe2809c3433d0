namespace Immuta.Client;

/// <summary>
/// Whether an existing integration can stand for a definition instead of a new one (<see cref="IntegrationsClient.CreateOrAdoptAsync"/>
/// and the tool's <c>apply</c>), adopted as it is or repaired with PUT: it must be the same integration
/// (<see cref="IntegrationIdentity"/>) and in use.
/// </summary>
/// <remarks>
/// A <c>disabled</c> integration was force-disabled: Immuta no longer uses it and did no cleanup on the platform (spec §9).
/// It is not adopted, and not re-enabled by sending the definition with PUT, because Immuta does not document that a PUT
/// re-enables a disabled integration; the caller gets an error saying so and what to do instead. The same holds for
/// <c>deleted</c>.
/// </remarks>
public static class IntegrationAdoption
{
    /// <summary>What is done with the integration an answer of Immuta names.</summary>
    internal enum Purpose
    {
        /// <summary>Adopted unchanged (a 409 "already exists … (id = N)").</summary>
        Adopt,

        /// <summary>Sent the definition with PUT (a 400 "… (id = N) that previously failed to create").</summary>
        Repair,
    }

    /// <summary>Whether the status is one Immuta uses (every status but <c>disabled</c> and <c>deleted</c>; unknown ones count as in use).</summary>
    /// <param name="status">The integration's status.</param>
    /// <returns><see langword="true"/> when an integration in that status can be adopted or updated.</returns>
    public static bool IsInUse(IntegrationStatus? status) => status != IntegrationStatus.Disabled && status != IntegrationStatus.Deleted;

    /// <summary>The error for an integration of that identity that Immuta no longer uses: why it is not adopted, and what to do instead.</summary>
    /// <param name="existing">The integration, <c>disabled</c> or <c>deleted</c>.</param>
    /// <returns>The message (it names the integration's id, status and identity, never a credential).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="existing"/> is <see langword="null"/>.</exception>
    public static string NotInUse(Integration existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return $"{existing.Type} integration {existing.Id} on {Where(existing.Definition)} is {existing.Status}: Immuta no longer uses it "
            + "(a disabled integration was force-disabled, and no cleanup was done on the platform). "
            + "It is not adopted or re-enabled, because Immuta does not document that an update re-enables it. "
            + $"Delete it (DELETE /integrations/{existing.Id}), remove what it left on the platform, and create the integration again.";
    }

    /// <summary>Why <paramref name="existing"/> cannot be adopted (or repaired) for <paramref name="definition"/>, or <see langword="null"/> when it can.</summary>
    internal static string? Refusal(Integration existing, IntegrationDefinition definition, Purpose purpose = Purpose.Adopt)
    {
        // A platform the SDK does not model has no known identity: the server's word (and the same type) decides.
        var same = IntegrationIdentity.KeyOf(definition) is null
            ? existing.Type == definition.Type
            : IntegrationIdentity.SameIntegration(existing.Definition, definition);
        if (!same)
        {
            var (role, outcome) = purpose == Purpose.Adopt
                ? ("as the conflict", "it was not adopted")
                : ("as the one that previously failed to create", "it was not updated");
            return $"Immuta named integration {existing.Id} {role}, but it is a {existing.Type} integration on {Where(existing.Definition)}, "
                + $"not the {definition.Type} integration on {Where(definition)}: {outcome}.";
        }

        return IsInUse(existing.Status) ? null : NotInUse(existing);
    }

    private static string Where(IntegrationDefinition definition) => IntegrationIdentity.KeyOf(definition) ?? "an unknown host";
}
