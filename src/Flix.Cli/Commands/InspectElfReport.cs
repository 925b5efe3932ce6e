using System.Text.Json.Serialization;
using Flix.Sysext.Inspect;

namespace Flix.Cli.Commands;

/// <summary>An ELF program or library and its closure, in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectElfReport
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("machine")]
    public required string Machine { get; init; }

    [JsonPropertyName("bits")]
    public required int Bits { get; init; }

    /// <summary>program, static-program or library.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("interpreter")]
    public string? Interpreter { get; init; }

    /// <summary>Where the interpreter is in the image, or null when the host provides it.</summary>
    [JsonPropertyName("interpreterInImage")]
    public string? InterpreterInImage { get; init; }

    [JsonPropertyName("runpath")]
    public string? RunPath { get; init; }

    [JsonPropertyName("rpath")]
    public string? RPath { get; init; }

    [JsonPropertyName("nodeflib")]
    public required bool NoDefaultLib { get; init; }

    [JsonPropertyName("needed")]
    public required IReadOnlyList<InspectNeededReport> Needed { get; init; }

    public static InspectElfReport From(ElfObjectReport elf)
    {
        ArgumentNullException.ThrowIfNull(elf);
        return new()
        {
            Path = elf.Path,
            Machine = elf.Machine,
            Bits = elf.Bits,
            Kind = elf.Kind,
            Interpreter = elf.Interpreter,
            InterpreterInImage = elf.InterpreterInImage,
            RunPath = elf.RunPath,
            RPath = elf.RPath,
            NoDefaultLib = elf.NoDefaultLib,
            Needed = [.. elf.Needed.Select(n => new InspectNeededReport { Name = n.Name, Path = n.ResolvedPath, ProvidedByLoader = n.ProvidedByLoader })],
        };
    }
}
