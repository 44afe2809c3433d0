using System.Text;

namespace Immuta.Client;

/// <summary>
/// Writes files that may hold credentials (definition files, scripts). The text goes to a new file beside the target,
/// which then replaces it in one step: a write that fails or is cancelled leaves the file as it was (nothing lost), and
/// anyone who had the old file open keeps reading the old text, never the credentials. On Unix a file that holds
/// credentials is created readable and writable by its owner only (0600); any other file keeps the mode the file it
/// replaces had. A symbolic link stays a link: the file it points to is replaced. Windows files keep the folder's ACLs.
/// </summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">The content.</param>
    /// <param name="holdsSecrets">Whether the content holds credentials: only then are permissions restricted.</param>
    /// <param name="cancellationToken">Cancels writing; the file is then left as it was.</param>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or the file cannot be written.</exception>
    public static async Task WriteAllTextAsync(string path, string text, bool holdsSecrets, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = FinalTarget(path);
        if (Directory.Exists(target))
        {
            throw new IOException($"{path} is a folder: name the file to write.");
        }

        var temporary = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ModeFor(target, holdsSecrets);
        }

        try
        {
            var stream = new FileStream(temporary, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    // The file a chain of symbolic links ends at (the path itself when it is no link), made absolute.
    private static string FinalTarget(string path)
    {
        var current = Path.GetFullPath(path);
        for (var hops = 0; hops < 40; hops++)
        {
            if (new FileInfo(current).LinkTarget is not { } link)
            {
                return current;
            }

            current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
        }

        throw new IOException($"{path} is a chain of too many symbolic links.");
    }

    // Owner-only for credentials; otherwise the mode of the file being replaced, or the usual mode of a new file.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static UnixFileMode ModeFor(string target, bool holdsSecrets)
    {
        if (holdsSecrets)
        {
            return OwnerOnly;
        }

        return File.Exists(target)
            ? File.GetUnixFileMode(target)
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // the write already failed; that failure is what the caller needs to see
        }
    }
}
