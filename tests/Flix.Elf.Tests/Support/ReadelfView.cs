using System.Globalization;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests.Support;

/// <summary>What <c>readelf -h -l -d -S -W</c> says about a file, parsed from its text.</summary>
public sealed class ReadelfView
{
    private static readonly Dictionary<string, ElfMachine> Machines = new(StringComparer.Ordinal)
    {
        ["Advanced Micro Devices X86-64"] = ElfMachine.X86_64,
        ["AArch64"] = ElfMachine.AArch64,
        ["Intel 80386"] = ElfMachine.I386,
        ["ARM"] = ElfMachine.Arm,
        ["RISC-V"] = ElfMachine.RiscV,
        ["PowerPC64"] = ElfMachine.PowerPC64,
        ["IBM S/390"] = ElfMachine.S390,
    };

    public string Class { get; private set; } = "";

    public bool LittleEndian { get; private set; }

    public string Type { get; private set; } = "";

    public ElfMachine? Machine { get; private set; }

    public string? Interpreter { get; private set; }

    public List<(string Type, ulong Offset, ulong VirtualAddress, ulong PhysicalAddress, ulong FileSize, ulong MemorySize, string Flags, ulong Alignment)> Segments { get; } = [];

    public List<(string Name, ulong Address, ulong Offset, ulong Size)> Sections { get; } = [];

    public List<long> DynamicTags { get; } = [];

    public List<string> Needed { get; } = [];

    public string? Soname { get; private set; }

    public string? RPath { get; private set; }

    public string? RunPath { get; private set; }

    public HashSet<string> Flags1 { get; } = [];

    /// <summary>readelf's complaints (lines starting "readelf: Warning" or "readelf: Error").</summary>
    public string Warnings { get; private set; } = "";

    public static ReadelfView Parse(string output, string error)
    {
        var view = new ReadelfView { Warnings = error.Trim() };
        string part = "";
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("Program Headers:", StringComparison.Ordinal))
            {
                part = "segments";
                continue;
            }

            if (line.StartsWith("Section Headers:", StringComparison.Ordinal))
            {
                part = "sections";
                continue;
            }

            if (line.StartsWith("Section to Segment", StringComparison.Ordinal) || line.StartsWith("Key to Flags", StringComparison.Ordinal))
            {
                part = "";
                continue;
            }

            if (line.StartsWith("Dynamic section at offset", StringComparison.Ordinal))
            {
                part = "dynamic";
                continue;
            }

            if (Field(line, "Class:") is { } elfClass)
            {
                view.Class = elfClass;
            }
            else if (Field(line, "Data:") is { } data)
            {
                view.LittleEndian = data.Contains("little endian", StringComparison.Ordinal);
            }
            else if (Field(line, "Type:") is { } type && part == "")
            {
                view.Type = type.Split(' ')[0];
            }
            else if (Field(line, "Machine:") is { } machine)
            {
                view.Machine = Machines.TryGetValue(machine, out var known) ? known : null;
            }
            else if (line.StartsWith("[Requesting program interpreter: ", StringComparison.Ordinal))
            {
                view.Interpreter = line["[Requesting program interpreter: ".Length..^1];
            }
            else if (part == "segments" && line.Length > 0 && !line.StartsWith("Type", StringComparison.Ordinal))
            {
                string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (t.Length >= 7 && t[1].StartsWith("0x", StringComparison.Ordinal))
                {
                    view.Segments.Add((t[0], Hex(t[1]), Hex(t[2]), Hex(t[3]), Hex(t[4]), Hex(t[5]), string.Concat(t[6..^1]), Hex(t[^1])));
                }
            }
            else if (part == "sections" && line.StartsWith('[') && !line.StartsWith("[Nr]", StringComparison.Ordinal))
            {
                string rest = line[(line.IndexOf(']', StringComparison.Ordinal) + 1)..];
                string[] t = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (t.Length >= 5 && t[0] != "NULL")
                {
                    view.Sections.Add((t[0], Hex(t[2]), Hex(t[3]), Hex(t[4])));
                }
                else if (t.Length >= 4 && t[0] == "NULL")
                {
                    view.Sections.Add(("", Hex(t[1]), Hex(t[2]), Hex(t[3])));
                }
            }
            else if (part == "dynamic" && line.StartsWith("0x", StringComparison.Ordinal))
            {
                string[] t = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                long tag = (long)Hex(t[0]);
                if (tag == 0)
                {
                    continue;
                }

                view.DynamicTags.Add(tag);
                string value = t.Length > 2 ? t[2].Trim() : "";
                string Bracketed() => value[(value.IndexOf('[', StringComparison.Ordinal) + 1)..value.LastIndexOf(']')];
                switch (t[1])
                {
                    case "(NEEDED)": view.Needed.Add(Bracketed()); break;
                    case "(SONAME)": view.Soname ??= Bracketed(); break;
                    case "(RPATH)": view.RPath ??= Bracketed(); break;
                    case "(RUNPATH)": view.RunPath ??= Bracketed(); break;
                    case "(FLAGS_1)":
                        foreach (string flag in value.Replace("Flags:", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            view.Flags1.Add(flag);
                        }

                        break;
                }
            }
        }

        return view;
    }

    public static async Task<ReadelfView> ReadAsync(string path)
    {
        var result = await ProcessRunner.RunAsync("readelf", ["-h", "-l", "-d", "-S", "-W", path]);
        return Parse(result.StandardOutput, result.StandardError);
    }

    /// <summary>The differences between this view and <paramref name="file"/>, one line each; empty when they agree.</summary>
    public List<string> Compare(ElfFile file)
    {
        var problems = new List<string>();
        void Check<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                problems.Add($"{what}: readelf {expected}, flix {actual}");
            }
        }

        Check("class", Class, file.Class == ElfClass.Elf64 ? "ELF64" : "ELF32");
        Check("little endian", LittleEndian, file.IsLittleEndian);
        Check("type", Type, file.Type switch
        {
            ElfType.Executable => "EXEC",
            ElfType.SharedObject => "DYN",
            ElfType.Relocatable => "REL",
            ElfType.Core => "CORE",
            _ => "?",
        });
        if (Machine is { } machine)
        {
            Check("machine", machine, file.Machine);
        }

        Check("interpreter", Interpreter, file.Interpreter);
        Check("segment count", Segments.Count, file.Segments.Count);
        for (int i = 0; i < Math.Min(Segments.Count, file.Segments.Count); i++)
        {
            var r = Segments[i];
            var f = file.Segments[i];
            string flags = ((f.Flags & ElfSegmentFlags.Read) != 0 ? "R" : "") + ((f.Flags & ElfSegmentFlags.Write) != 0 ? "W" : "")
                + ((f.Flags & ElfSegmentFlags.Execute) != 0 ? "E" : "");
            Check($"segment {i}", (r.Offset, r.VirtualAddress, r.PhysicalAddress, r.FileSize, r.MemorySize, r.Flags, r.Alignment),
                (f.Offset, f.VirtualAddress, f.PhysicalAddress, f.FileSize, f.MemorySize, flags, f.Alignment));
            if (r.Type is "LOAD" or "DYNAMIC" or "INTERP" or "NOTE" or "PHDR" or "TLS" or "GNU_RELRO" or "GNU_STACK")
            {
                Check($"segment {i} type", r.Type, f.Type switch
                {
                    ElfSegmentType.Load => "LOAD",
                    ElfSegmentType.Dynamic => "DYNAMIC",
                    ElfSegmentType.Interpreter => "INTERP",
                    ElfSegmentType.Note => "NOTE",
                    ElfSegmentType.ProgramHeader => "PHDR",
                    ElfSegmentType.Tls => "TLS",
                    ElfSegmentType.GnuRelro => "GNU_RELRO",
                    ElfSegmentType.GnuStack => "GNU_STACK",
                    _ => f.Type.ToString(),
                });
            }
        }

        Check("section count", Sections.Count, file.Sections.Count);
        for (int i = 0; i < Math.Min(Sections.Count, file.Sections.Count); i++)
        {
            var f = file.Sections[i];
            Check($"section {i}", Sections[i], (f.Name, f.Address, f.Offset, f.Size));
        }

        Check("dynamic tags", string.Join(',', DynamicTags.Select(tag => tag.ToString("x", CultureInfo.InvariantCulture))),
            string.Join(',', file.DynamicEntries.Select(entry => ((long)entry.Tag).ToString("x", CultureInfo.InvariantCulture))));
        Check("needed", string.Join(',', Needed), string.Join(',', file.Needed));
        Check("soname", Soname, file.Soname);
        Check("rpath", RPath, file.RPath);
        Check("runpath", RunPath, file.RunPath);
        if (file.DynamicEntries.Any(entry => entry.Tag == ElfDynamicTag.Flags1))
        {
            Check("NOW", Flags1.Contains("NOW"), (file.Flags1 & 1) != 0);
            Check("PIE", Flags1.Contains("PIE"), (file.Flags1 & 0x8000000) != 0);
            Check("NODEFLIB", Flags1.Contains("NODEFLIB"), (file.Flags1 & ElfFile.NoDefaultLibFlag) != 0);
        }

        return problems;
    }

    private static string? Field(string line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) ? line[name.Length..].Trim() : null;

    private static ulong Hex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
