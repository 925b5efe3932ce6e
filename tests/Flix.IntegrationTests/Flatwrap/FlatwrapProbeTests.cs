using Flix.IntegrationTests.Fixtures;
using Flix.TestSupport;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>
/// The probe program of the test image, wrapped and merged: where /etc, /var and /home come from (host or image),
/// that arguments, the exit code and the working directory pass through, and that wrappers for names with spaces,
/// quotes, '$', backquotes and backslashes run the right program. In every mode: root, bwrap, NOBWRAP.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class FlatwrapProbeTests(FlatwrapFixture fixture) : IClassFixture<FlatwrapFixture>
{
    /// <summary>Runs each program given as "$@" from a working folder whose name has a space, with awkward arguments.</summary>
    private const string Script = """
        mode="$1"; shift; as "$mode"
        mkdir -p "$rundir/work dir" && chmod 0777 "$rundir/work dir" && cd "$rundir/work dir" || exit 20
        for program in "$@"; do
          echo "=== $program"
          $run "$program" "a b" 'c$d' "e'f" ""
          echo "rc=$?"
        done
        ls "$rundir/work dir"
        """;

    public static TheoryData<string> Modes => new() { "root", "bwrap", "nobwrap" };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Etc_from_the_image_var_and_home_from_the_host(string mode)
    {
        var sections = await RunAsync(fixture.NginxImage, "nginx-flatwrap", mode, "/usr/bin/flix-probe");

        string output = sections["/usr/bin/flix-probe"];
        Assert.Contains("etc/opt=image\n", output);
        Assert.Contains("var/local=host\n", output);
        Assert.Contains("home=host\n", output);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Etc_from_the_host_var_and_home_from_the_image(string mode)
    {
        var sections = await RunAsync(fixture.ProbeImage, "probes", mode, "/usr/bin/flix-probe");

        string output = sections["/usr/bin/flix-probe"];
        Assert.Contains("etc/opt=host\n", output);
        Assert.Contains("var/local=image\n", output);
        Assert.Contains("home=image\n", output);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Arguments_exit_code_and_working_directory_pass_through(string mode)
    {
        var sections = await RunAsync(fixture.ProbeImage, "probes", mode, "/usr/bin/flix-probe");

        string output = sections["/usr/bin/flix-probe"];
        Assert.Contains("arg=[a b]\narg=[c$d]\narg=[e'f]\narg=[]\n", output);
        Assert.Contains("rc=42\n", output);
        Assert.Matches(@"pwd=/tmp/flix-it-flatwrap-run-[0-9a-f]+/work dir\n", output);
        Assert.Contains(mode == "root" ? "uid=0\n" : "uid=65534\n", output);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Wrappers_for_hostile_names_run_the_right_program(string mode)
    {
        var sections = await RunAsync(fixture.ProbeImage, "probes", mode, FlatwrapFixture.HostileNames);

        foreach (var name in FlatwrapFixture.HostileNames)
        {
            string output = sections[name];
            Assert.Contains($"program={name}\n", output);
            Assert.Contains("arg=[a b]\narg=[c$d]\narg=[e'f]\narg=[]\n", output);
            Assert.Contains("rc=42\n", output);
        }

        Assert.DoesNotContain("injected", sections[string.Empty]); // nothing ran `touch injected` in the working folder
    }

    /// <summary>Runs the programs after a merge and splits the output by program; the text after the last is under "".</summary>
    private static async Task<Dictionary<string, string>> RunAsync(string image, string name, string mode, params string[] programs)
    {
        using var run = new RunDirectory();
        var result = await MergedRun.RunAsync(image, name, run.Path, Script, [mode, .. programs]);
        Assert.True(result.ExitCode == 0, result.Describe());
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string output = result.StandardOutput;
        foreach (var program in programs)
        {
            string marker = $"=== {program}\n";
            int start = output.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(start >= 0, $"No output for {program}:{Environment.NewLine}{result.Describe()}");
            int end = output.IndexOf("\nrc=", start, StringComparison.Ordinal);
            int lineEnd = output.IndexOf('\n', end + 1);
            sections[program] = output[(start + marker.Length)..(lineEnd + 1)];
        }

        int last = output.LastIndexOf("\nrc=", StringComparison.Ordinal);
        sections[string.Empty] = output[(output.IndexOf('\n', last + 1) + 1)..];
        return sections;
    }
}
