using Flix.HostileRoot.Tests.Support;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.HostileRoot.Tests;

/// <summary>
/// Every case of <see cref="FlixModeCorpus"/> built with <c>flix dir:ROOT hostile PATH...</c> as a user runs it: a
/// clean build or one error line naming the file, nothing changed outside the output folder and flix's own temp
/// folder (strace), that temp folder left empty, bounded memory and time (GNU time), and the rewritten unit files exactly as expected.
/// </summary>
public sealed class FlixModeCorpusTests(Programs programs) : IClassFixture<Programs>
{
    public static TheoryData<string> Cases => new(FlixModeCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_root_builds_cleanly_or_fails_naming_the_file(string name)
    {
        HostTools.RequireRoot("the hostile-root corpus makes device nodes and runs wrappers as root");
        var item = FlixModeCorpus.Cases[name];
        using var work = new TempDirectory("flix-hostile-");
        string rootPath = work.Combine("root");
        var root = item.Musl ? HostileTree.Musl(rootPath, programs) : HostileTree.Glibc(rootPath, programs);
        item.Arrange(root, programs);
        string output = work.Combine("out");

        var expected = item.Expect(root);
        string[] format = expected.Files is null ? [] : ["--format", "dir"];

        var outcome = await TracedRun.RunAsync(work, ["dir:" + rootPath, "hostile", .. item.Paths, .. format, "--output", output]);

        CorpusAssert.Check(name, outcome, expected, output, work.Combine("tmp"));
        CorpusAssert.CheckFiles(name, expected, Path.Combine(output, "hostile"));
    }
}
