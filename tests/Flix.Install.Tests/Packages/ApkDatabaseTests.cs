using Flix.Core.Tree;
using Flix.Install.EntryPoints;
using Flix.Install.Packages;

namespace Flix.Install.Tests.Packages;

/// <summary>apk's <c>installed</c> file as apk-tools documents it (P, V, o, D, F, M, R, a, Z lines; blank lines between packages).</summary>
public sealed class ApkDatabaseTests
{
    private const string Installed = """
        C:Q1AbCdEfGhIjKlMnOpQrStUvWxYz0123=
        P:musl
        V:1.2.5-r9
        A:x86_64
        o:musl
        D:
        F:lib
        R:ld-musl-x86_64.so.1
        a:0:0:755
        Z:Q1xyz=

        C:Q1b3sum=
        P:b3sum
        V:1.5.4-r0
        A:x86_64
        S:400000
        I:900000
        T:Command line implementation of the BLAKE3 hash function
        o:b3sum
        m:Someone <someone@example.org>
        t:1700000000
        c:0123456789abcdef
        D:so:libc.musl-x86_64.so.1 musl>=1.2 !b3sum-old
        F:usr
        F:usr/bin
        R:b3sum
        a:0:0:755
        Z:Q1abc=
        F:usr/share/doc/b3sum
        M:0:0:755
        R:README.md

        P:nginx
        V:1.26.2-r0
        o:nginx
        D:nginx-openrc pcre2
        F:usr/sbin
        R:nginx
        F:etc/nginx
        R:nginx.conf

        """;

    [Fact]
    public void Reads_names_versions_origins_dependencies_and_files()
    {
        var database = ApkDatabase.Parse(Installed);

        var b3sum = database.Find("b3sum")!;
        Assert.Equal("1.5.4-r0", b3sum.Version);
        Assert.Equal("b3sum", b3sum.Source);
        Assert.Equal(["musl"], b3sum.Depends);
        Assert.Equal(["/usr", "/usr/bin", "/usr/bin/b3sum", "/usr/share/doc/b3sum", "/usr/share/doc/b3sum/README.md"], b3sum.Files);
        Assert.Equal(["/lib", "/lib/ld-musl-x86_64.so.1"], database.Find("musl")!.Files);
        Assert.Null(database.Find("busybox"));
    }

    [Fact]
    public void The_entry_points_come_from_the_package_files()
    {
        var tree = new FileTree();
        tree.Add("/usr/bin/b3sum", TreeNode.CreateFile(MemoryFileContent.FromText("\u007fELF"), 0x1ED));
        tree.Add("/usr/sbin/nginx", TreeNode.CreateFile(MemoryFileContent.FromText("\u007fELF"), 0x1ED));
        tree.Add("/usr/share/doc/b3sum/README.md", TreeNode.CreateFile(MemoryFileContent.FromText("x")));

        var found = PackageEntryPointFinder.Find(ApkDatabase.Parse(Installed), tree, "nginx")!;

        Assert.Equal(["/usr/sbin/nginx:/usr/bin/nginx"], found.Programs.Select(e => e.ToString()));
        Assert.Equal(["/usr/bin/b3sum"], PackageEntryPointFinder.Find(ApkDatabase.Parse(Installed), tree, "b3sum")!.Programs.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("P:x\nF:../etc\nR:passwd\n", "names the folder '../etc'")]
    [InlineData("P:x\nF:/etc\nR:passwd\n", "names the folder '/etc'")]
    [InlineData("P:x\nF:usr\nR:../../etc/passwd\n", "names the file '../../etc/passwd'")]
    [InlineData("P:x\nnot a line\n", "Line 2 of the image's /lib/apk/db/installed")]
    public void Hostile_lines_are_errors_naming_the_file(string text, string expected)
    {
        var failure = Assert.Throws<PackageDatabaseException>(() => ApkDatabase.Parse(text));
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
