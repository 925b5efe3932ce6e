using Flix.Flatwrap;
using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>Flatwrap's lines: one per entry point (wrapper, unit, symlink), not with --json.</summary>
internal sealed class FlatwrapRendering : IExtensionRendering
{
    public void WriteBuilt(ExtensionBuild build, TextWriter output, TextWriter error, bool json)
    {
        if (json)
        {
            return;
        }

        foreach (var entry in ((FlatwrapBuild)build).Result.Entries)
        {
            output.WriteLine(entry.Kind switch
            {
                FlatwrapEntryKind.Wrapper => $"wrapper {entry.Entry.Target} runs {entry.Detail} in the private root",
                FlatwrapEntryKind.Unit => $"unit    {entry.Entry.Target} from {entry.Detail}",
                _ => $"symlink {entry.Entry.Target} -> {entry.Detail}",
            });
        }
    }

    public PackReport AddTo(PackReport report, ExtensionBuild build) => report;
}
