using Flix.Sysext;
using Flix.Sysext.Entries;

namespace Flix.FlixMode;

/// <summary>What <see cref="FlixBuilder"/> copies out of an image and where the private sysroot goes.</summary>
public sealed record FlixOptions
{
    /// <summary>The extension name; the sysroot is /usr/local/NAME unless <see cref="Sysroot"/> says otherwise.</summary>
    public required string Name { get; init; }

    /// <summary>The paths to copy; empty means the program NAME found in the image's usual program folders.</summary>
    public IReadOnlyList<EntryPoint> Entries { get; init; } = [];

    /// <summary>
    /// Libraries the programs load with dlopen (the bakery's EXTRALIBS): a path in the image, or a bare name looked up
    /// as the image's loader would. Copied into the sysroot with their dependencies.
    /// </summary>
    public IReadOnlyList<string> ExtraLibraries { get; init; } = [];

    /// <summary>
    /// Also copy what glibc itself loads at run time: libgcc_s.so.1, libidn2.so.0, the NSS modules and the gconv modules
    /// (with libc pointed at the private gconv folder). Locale data is left alone: libc keeps reading the host's
    /// /usr/lib/locale, whose C.UTF-8 loads across glibc versions in practice; other locales may fall back to C.
    /// </summary>
    public bool AutoLibraries { get; init; } = true;

    /// <summary>The private sysroot; null for /usr/local/NAME.</summary>
    public string? Sysroot { get; init; }

    /// <summary>The private sysroot in effect.</summary>
    public string SysrootPath => Sysroot is null ? "/usr/local/" + Name : "/" + string.Join('/', Sysroot.Split('/', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Every problem with these options, as sentences; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ExtensionName.Validate(Name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        if (Sysroot is not null)
        {
            var parts = Sysroot.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (!Sysroot.StartsWith('/') || parts.Length < 2 || parts[0] is not ("usr" or "opt")
                || parts.Any(part => part is "." or ".." || part.Contains('\0', StringComparison.Ordinal))
                || (parts[0] == "usr" && parts[1] == "sbin"))
            {
                problems.Add($"The sysroot '{Sysroot}' must be an absolute folder below /usr or /opt (not /usr/sbin), without '.' or '..' parts.");
            }
            else if (SysrootPath is "/usr/local" or "/usr/lib" or "/usr/lib64" or "/usr/local/lib" or "/usr/local/lib64")
            {
                // SYSROOT/lib would be a folder of the host's own library search (Flatcar lists /usr/local/lib64 and
                // /usr/local/lib in its ld.so.conf): the private libraries would reach the host's cache.
                problems.Add($"The sysroot '{Sysroot}' would put its libraries where the host's loader looks; choose a folder of its own such as /usr/local/NAME.");
            }
        }

        foreach (var library in ExtraLibraries)
        {
            if (library.Length == 0 || library.Contains('\0', StringComparison.Ordinal) || library.EndsWith('/')
                || library.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(part => part is "." or ".."))
            {
                problems.Add($"The extra library '{library}' must be a path in the image or a library file name.");
            }
        }

        return problems;
    }
}
