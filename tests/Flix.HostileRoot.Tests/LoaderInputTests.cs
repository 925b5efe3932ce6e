using System.Diagnostics;
using Flix.Core;
using Flix.Core.Text;
using Flix.Core.Threading;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.HostileRoot.Tests.Support;
using Flix.Sysext;
using Flix.FlixMode;

namespace Flix.HostileRoot.Tests;

/// <summary>
/// The pieces the corpus drives, checked directly and fast: the name check of the loader emulation, the wildcard
/// matcher and the include reader on inputs that made the old ones blow up, the closure check's wording for a name
/// that is empty, the parallel loop's first failure, and one-line printing of image text.
/// </summary>
public sealed class LoaderInputTests(Programs programs) : IClassFixture<Programs>
{
    [Theory]
    [InlineData("libc.so.6", null)]
    [InlineData("/usr/lib/libfoo.so.1", null)]
    [InlineData("$ORIGIN/../lib/libfoo.so", null)]
    [InlineData("", "empty")]
    [InlineData("libfoo/", "a folder (it ends in '/')")]
    [InlineData("libfoo/.", "a folder (it ends in '/.')")]
    [InlineData("/usr/lib/..", "a folder (it ends in '/..')")]
    [InlineData(".", "a folder (it ends in '.')")]
    public void Loadable_names_are_plain_file_names_or_paths_ending_in_one(string name, string? problem) =>
        Assert.Equal(problem, LoadableName.Problem(name));

    [Fact]
    public void A_name_longer_than_a_file_name_can_be_is_refused() =>
        Assert.Contains("255 bytes", LoadableName.Problem("lib" + new string('x', 300)));

    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", "a.conf.bak", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbYcZ", false)]
    [InlineData("*a*", "bab", true)]
    [InlineData("[]x]*", "]y", true)]
    [InlineData("[!a-c]?", "dz", true)]
    [InlineData("[", "[", true)]
    [InlineData("**", "", true)]
    [InlineData("?", "", false)]
    public void Wildcards_match_as_glob_does(string pattern, string name, bool expected) =>
        Assert.Equal(expected, ShellWildcard.Matches(pattern, name));

    [Fact]
    public void Many_stars_against_a_long_name_take_no_time()
    {
        // A backtracking matcher tries every way to split the name among the stars: exponential in their number.
        string pattern = string.Concat(Enumerable.Repeat("*a", 40)) + "*b";
        string name = new('a', 255);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            Assert.False(ShellWildcard.Matches(pattern, name));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"1000 matches took {clock.Elapsed}");
    }

    [Fact]
    public void A_chain_of_100000_includes_is_read_without_recursion_up_to_the_file_limit()
    {
        var tree = new FileTree();
        tree.Add("etc/ld.so.conf", Text("include /etc/c/0\n"));
        for (int i = 0; i < 100_000; i++)
        {
            tree.Add($"etc/c/{i}", Text($"/lib/f{i % 3}\ninclude /etc/c/{i + 1}\n"));
        }

        var error = Assert.Throws<FlixException>(() => LdSoConfParser.Parse(tree));

        Assert.Contains("more than 65536 files", error.Message);
        Assert.Contains("/etc/c/", error.Message);
    }

    [Fact]
    public void The_closure_check_names_an_empty_needed_name()
    {
        var tree = new FileTree();
        byte[] needy = ElfCraft.WithNeeded(File.ReadAllBytes(programs.Needy), string.Empty);
        tree.Add("usr/bin/needy", TreeNode.CreateFile(new MemoryFileContent(needy), 0x1ED));
        var loader = new ImageLoader
        {
            Flavor = LoaderFlavor.Musl, // no DF_1_NODEFLIB finding: only the names are checked
            Interpreter = "/lib64/ld-linux-x86-64.so.2",
            Class = ElfClass.Elf64,
            Machine = ElfMachine.X86_64,
            IsLittleEndian = true,
            DefaultDirectories = ["/lib"],
            ConfiguredDirectories = [],
            LibToken = "lib",
            Platform = "x86_64",
        };

        var findings = ClosureChecker.Check(tree, loader).Where(d => d.Id == DiagnosticIds.MissingLibrary).Select(d => d.ToString()).ToList();

        Assert.Contains(findings, line => line.Contains("/usr/bin/needy: its DT_NEEDED '' is empty", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, line => line.Contains("it needs ,", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parallel_loop_rethrows_its_first_failure_as_it_was_thrown()
    {
        var error = Assert.Throws<FlixException>(() => ParallelLoop.For(64, i =>
        {
            if (i % 7 == 3)
            {
                throw new FlixException($"'/file/{i}' failed.");
            }
        }));

        Assert.Equal("'/file/3' failed.", error.Message);
    }

    [Fact]
    public void Image_text_is_printed_on_one_line_without_terminal_escapes() =>
        Assert.Equal("a\\nb\\tc\\x1b[31m\\u2028d", PrintableText.Escape("a\nb\tc\u001b[31m\u2028d"));

    private static TreeNode Text(string text) => TreeNode.CreateFile(MemoryFileContent.FromText(text));
}
