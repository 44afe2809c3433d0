using System.Text;

namespace Immuta.Client;

/// <summary>
/// Writes files that may hold credentials (definition files, scripts): on Unix a new file is created readable and
/// writable by its owner only (0600), and an existing file being overwritten loses its group and other permissions
/// before anything is written. Windows files keep the folder's ACLs.
/// </summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">The content.</param>
    /// <param name="holdsSecrets">Whether the content holds credentials: only then are permissions restricted.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    public static async Task WriteAllTextAsync(string path, string text, bool holdsSecrets, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (holdsSecrets && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
            Tighten(path);
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path)
    {
        if (!File.Exists(path))
        {
            return; // created with OwnerOnly
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupAndOther);
        }
    }
}
