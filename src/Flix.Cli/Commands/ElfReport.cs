using System.Globalization;
using System.Text.Json.Serialization;
using Flix.Elf;

namespace Flix.Cli.Commands;

/// <summary>What <c>flix elf</c> says about one file, as JSON and as text.</summary>
public sealed record ElfReport
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>With set options: whether the file was rewritten (false when it already had every value).</summary>
    [JsonPropertyName("patched")]
    public bool? Patched { get; init; }

    [JsonPropertyName("machine")]
    public string? Machine { get; init; }

    [JsonPropertyName("class")]
    public string? Class { get; init; }

    [JsonPropertyName("endian")]
    public string? Endian { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("interpreter")]
    public string? Interpreter { get; init; }

    [JsonPropertyName("needed")]
    public IReadOnlyList<string>? Needed { get; init; }

    [JsonPropertyName("soname")]
    public string? Soname { get; init; }

    [JsonPropertyName("rpath")]
    public string? RPath { get; init; }

    [JsonPropertyName("runpath")]
    public string? RunPath { get; init; }

    [JsonPropertyName("flags_1")]
    public string? Flags1 { get; init; }

    public static ElfReport Describe(ElfFile file, bool? patched = null) => new()
    {
        Path = file.FileName,
        Success = true,
        Patched = patched,
        Machine = MachineName(file.Machine),
        Class = file.Class == ElfClass.Elf64 ? "ELF64" : "ELF32",
        Endian = file.IsLittleEndian ? "little" : "big",
        Type = file.Type switch
        {
            ElfType.Executable => "executable",
            ElfType.SharedObject => file.HasInterpreter ? "pie-executable" : "shared-object",
            ElfType.Relocatable => "relocatable",
            ElfType.Core => "core",
            _ => ((ushort)file.Type).ToString(CultureInfo.InvariantCulture),
        },
        Interpreter = file.Interpreter,
        Needed = file.Needed,
        Soname = file.Soname,
        RPath = file.RPath,
        RunPath = file.RunPath,
        Flags1 = $"0x{file.Flags1:x}",
    };

    public static ElfReport Failed(string path, string error) => new() { Path = path, Success = false, Error = error };

    /// <summary>The text form: the path, then one indented line per fact.</summary>
    public string ToText()
    {
        if (!Success)
        {
            return string.Empty;
        }

        var lines = new List<string> { $"{Path}:" };
        if (Patched is { } patched)
        {
            lines.Add($"  patched: {(patched ? "yes" : "no (already as asked)")}");
        }

        lines.Add($"  machine: {Machine}");
        lines.Add($"  class: {Class} {Endian}-endian {Type}");
        lines.Add($"  interpreter: {Interpreter ?? "-"}");
        lines.Add($"  needed: {(Needed is { Count: > 0 } needed ? string.Join(' ', needed) : "-")}");
        lines.Add($"  soname: {Soname ?? "-"}");
        lines.Add($"  rpath: {RPath ?? "-"}");
        lines.Add($"  runpath: {RunPath ?? "-"}");
        lines.Add($"  flags_1: {Flags1}");
        return string.Join('\n', lines) + "\n";
    }

    private static string MachineName(ElfMachine machine) => machine switch
    {
        ElfMachine.X86_64 => "x86-64",
        ElfMachine.AArch64 => "aarch64",
        ElfMachine.I386 => "i386",
        ElfMachine.Arm => "arm",
        ElfMachine.RiscV => "riscv",
        ElfMachine.PowerPC64 => "ppc64",
        ElfMachine.PowerPC => "ppc",
        ElfMachine.S390 => "s390",
        ElfMachine.LoongArch => "loongarch",
        _ => ((ushort)machine).ToString(CultureInfo.InvariantCulture),
    };
}
