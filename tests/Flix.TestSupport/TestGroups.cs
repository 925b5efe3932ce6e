namespace Flix.TestSupport;

/// <summary>
/// Named groups of tests, as xunit traits: <c>[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]</c>. tools/test.sh runs
/// every group; <c>FLIX_QUICK=1 bash tools/test.sh</c> leaves the slow corpora out for a quick local loop (refused with
/// CI=true, where nothing may be left out).
/// </summary>
public static class TestGroups
{
    /// <summary>The trait name.</summary>
    public const string Trait = "Group";

    /// <summary>
    /// Tests over large download-heavy corpora: Debian trees and images built with mmdebstrap (every architecture's
    /// ELF files, trixie images for Flix mode and Flatwrap) and the cross-compiled ELF corpus. Minutes cold, cached after.
    /// </summary>
    public const string SlowCorpus = "SlowCorpus";
}
