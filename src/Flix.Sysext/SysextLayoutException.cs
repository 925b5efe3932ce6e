using Flix.Core;

namespace Flix.Sysext;

/// <summary>The layout checks found errors; <see cref="Diagnostics"/> holds every finding, warnings included.</summary>
public sealed class SysextLayoutException : FlixException
{
    public SysextLayoutException(string name, IReadOnlyList<Diagnostic> diagnostics)
        : base($"The tree cannot be packed as the extension '{name}': {diagnostics.Count(d => d.IsError)} layout error(s).")
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
