namespace Immuta.Client.Tests.Support;

/// <summary>
/// Finds the C compiler and linker that a Native AOT publish will use, the way the .NET SDK does
/// (Microsoft.NETCore.Native.Unix.targets): the <c>CppCompilerAndLinker</c> property if set (MSBuild reads it from the
/// environment too), otherwise <c>clang</c> on the PATH, otherwise <c>gcc</c>.
/// </summary>
internal static class NativeToolchain
{
    /// <summary>The compiler the SDK would run, or <c>null</c> with the reason in <paramref name="why"/>.</summary>
    public static string? Find(out string why)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] candidates = Environment.GetEnvironmentVariable("CppCompilerAndLinker") is { Length: > 0 } chosen ? [chosen] : ["clang", "gcc"];
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate) ? File.Exists(candidate) : directories.Any(d => File.Exists(Path.Combine(d, candidate))))
            {
                why = "";
                return candidate;
            }
        }

        why = $"Native AOT needs a C compiler and linker: the .NET SDK looks for {string.Join(", then ", candidates)} on the PATH ({path}) and found none.";
        return null;
    }
}
