using System.Text.Json.Serialization;
using Flix.FlixMode;

namespace Flix.Cli.Commands;

/// <summary>What Flix mode put into the extension, in the JSON of <c>flix IMAGE NAME --json</c> (as "flix").</summary>
public sealed record FlixModeReport
{
    /// <summary>glibc or musl; null when nothing copied needs a loader.</summary>
    [JsonPropertyName("libc")]
    public string? Libc { get; init; }

    /// <summary>The image's PT_INTERP, e.g. /lib64/ld-linux-x86-64.so.2.</summary>
    [JsonPropertyName("interpreter")]
    public string? Interpreter { get; init; }

    [JsonPropertyName("sysroot")]
    public required string Sysroot { get; init; }

    /// <summary>The ELF files patched to use the sysroot, by their path in the extension.</summary>
    [JsonPropertyName("patched")]
    public required IReadOnlyList<string> Patched { get; init; }

    /// <summary>ELF files copied as they are (static programs, other machines).</summary>
    [JsonPropertyName("unpatched")]
    public required IReadOnlyList<string> Unpatched { get; init; }

    /// <summary>The libraries of SYSROOT/lib: file name → path in the image.</summary>
    [JsonPropertyName("libraries")]
    public required IReadOnlyDictionary<string, string> Libraries { get; init; }

    [JsonPropertyName("gconv")]
    public string? Gconv { get; init; }

    [JsonPropertyName("warnings")]
    public required IReadOnlyList<string> Warnings { get; init; }

    public static FlixModeReport From(FlixResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new FlixModeReport
        {
            Libc = result.Loader?.Flavor.ToString().ToLowerInvariant(),
            Interpreter = result.Loader?.Interpreter,
            Sysroot = result.Sysroot,
            Patched = result.PatchedFiles,
            Unpatched = result.UnpatchedElfFiles,
            Libraries = result.Libraries,
            Gconv = result.GconvDirectory,
            Warnings = result.Warnings,
        };
    }
}
