using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Immuta.Client;

/// <summary>
/// Base of every model: keeps the JSON members this SDK does not model, so a payload read from a newer Immuta
/// is written back unchanged (GET, modify, PUT loses nothing).
/// </summary>
public abstract record ImmutaModel
{
    /// <summary>
    /// JSON members this SDK does not model, by name, written back as they came. Values are raw JSON; unknown members
    /// can hold credentials, so they are never printed by <see cref="object.ToString"/> (only their names are), and
    /// System.Text.Json with any options but the SDK's writes the credentials among them as <c>***</c>.
    /// </summary>
    /// <remarks>
    /// Settable (not init-only) because System.Text.Json's source generator cannot bind extension data to an init-only
    /// member. A <c>with</c> copy shares the dictionary with its original.
    /// </remarks>
    [JsonExtensionData]
    [JsonConverter(typeof(Serialization.AdditionalPropertiesJsonConverter))]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>
    /// Prints the model as a record does (<c>Type { Member = value, … }</c>), credentials as <c>***</c> and the user info of
    /// every URL masked (<see cref="ImmutaRedaction.MaskUrlUserInfo"/>): a <c>host</c> of <c>https://admin:pw@…</c> holds a password.
    /// </summary>
    /// <returns>The printed model.</returns>
    public sealed override string ToString()
    {
        var builder = new StringBuilder(GetType().Name).Append(" { ");
        if (PrintMembers(builder))
        {
            builder.Append(' ');
        }

        return ImmutaRedaction.MaskUrlUserInfo(builder.Append('}').ToString());
    }

    /// <summary>Prints the names (never the values) of <see cref="AdditionalProperties"/>.</summary>
    /// <param name="builder">The builder of <see cref="object.ToString"/>.</param>
    /// <returns><see langword="true"/> when something was printed.</returns>
    protected virtual bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (AdditionalProperties is not { Count: > 0 } extra)
        {
            return false;
        }

        builder.Append("AdditionalProperties = [").AppendJoin(", ", extra.Keys).Append(']');
        return true;
    }
}
