namespace Flix.Elf;

/// <summary>
/// The edits <see cref="ElfFile.Patch"/> makes in one rewrite. Every property left at its default changes nothing; a value
/// equal to what the file already has changes nothing either, so applying a patch twice gives the bytes of applying it once.
/// </summary>
public sealed record ElfPatch
{
    /// <summary>
    /// The new program interpreter (PT_INTERP), e.g. the private loader's absolute path. The file must already have one
    /// (a static executable has none and gets <see cref="NotSupportedException"/>). Any length; no NUL characters.
    /// </summary>
    public string? Interpreter { get; init; }

    /// <summary>
    /// The new DT_RUNPATH, like <c>patchelf --set-rpath</c> without <c>--force-rpath</c>: the file ends with exactly one
    /// DT_RUNPATH holding this value and no DT_RPATH. An existing DT_RPATH becomes the DT_RUNPATH (same slot, new tag);
    /// when both existed the DT_RPATH is dropped, as the loader ignores it next to a DT_RUNPATH. An empty string is kept
    /// as an empty run path. The file must be dynamic (PT_DYNAMIC).
    /// </summary>
    public string? RunPath { get; init; }

    /// <summary>
    /// The new DT_RPATH, like <c>patchelf --force-rpath --set-rpath</c>: the file ends with exactly one DT_RPATH holding
    /// this value and no DT_RUNPATH (an existing DT_RUNPATH becomes the DT_RPATH, since a DT_RUNPATH would make the
    /// loader ignore it). Exclusive with <see cref="RunPath"/>.
    /// </summary>
    public string? RPath { get; init; }

    /// <summary>Removes every DT_RUNPATH entry. Exclusive with <see cref="RunPath"/>.</summary>
    public bool RemoveRunPath { get; init; }

    /// <summary>Removes every DT_RPATH entry. Exclusive with <see cref="RPath"/>.</summary>
    public bool RemoveRPath { get; init; }

    /// <summary>
    /// Sets DF_1_NODEFLIB in DT_FLAGS_1 (adding the entry when missing): glibc's loader then never searches its default
    /// library folders for this file's dependencies. musl ignores the flag.
    /// </summary>
    public bool SetNoDefaultLib { get; init; }

    /// <summary>Whether the patch asks for anything at all.</summary>
    public bool IsEmpty =>
        Interpreter is null && RunPath is null && RPath is null && !RemoveRunPath && !RemoveRPath && !SetNoDefaultLib;

    /// <summary>Throws <see cref="ArgumentException"/> when two edits contradict each other or a value cannot be stored.</summary>
    public void Validate()
    {
        if (RunPath is not null && RPath is not null)
        {
            throw new ArgumentException("A patch sets either the run path or the rpath, not both.", nameof(RPath));
        }

        if (RunPath is not null && RemoveRunPath)
        {
            throw new ArgumentException("A patch cannot both set and remove the run path.", nameof(RemoveRunPath));
        }

        if (RPath is not null && RemoveRPath)
        {
            throw new ArgumentException("A patch cannot both set and remove the rpath.", nameof(RemoveRPath));
        }

        RequireNoNul(Interpreter, nameof(Interpreter));
        RequireNoNul(RunPath, nameof(RunPath));
        RequireNoNul(RPath, nameof(RPath));
        if (Interpreter is { Length: 0 })
        {
            throw new ArgumentException("The interpreter path must not be empty.", nameof(Interpreter));
        }
    }

    private static void RequireNoNul(string? value, string name)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {name} value must not contain a NUL character.", name);
        }
    }
}
