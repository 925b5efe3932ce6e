using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>
/// The programs the hostile roots are made of, compiled once per test class from a few lines of C: a glibc program
/// that needs a library of its own (libflixstub.so.1), the same program needing a library whose 300-byte name is
/// a placeholder for hostile DT_NEEDED strings, and a musl program.
/// </summary>
public sealed class Programs : IDisposable
{
    /// <summary>The DT_NEEDED string of <see cref="Needy"/> that the corpus overwrites in place.</summary>
    public static readonly string NeededPlaceholder = "lib" + new string('n', 294) + ".so";

    private readonly TempDirectory _scratch = new("flix-hostile-programs-");

    public Programs()
    {
        HostTools.Require("gcc");
        HostTools.Require("musl-gcc");
        File.WriteAllText(_scratch.Combine("stub.c"), "int flix_stub(void) { return 7; }\n");
        File.WriteAllText(_scratch.Combine("prog.c"), "extern int flix_stub(void);\nint main(void) { return flix_stub() == 7 ? 0 : 1; }\n");
        File.WriteAllText(_scratch.Combine("plain.c"), "int main(void) { return 0; }\n");
        Stub = _scratch.Combine("libflixstub.so.1");
        Compile("gcc", "-shared", "-fPIC", "-Wl,-soname,libflixstub.so.1", "-o", Stub, _scratch.Combine("stub.c"));
        Program = _scratch.Combine("prog");
        Compile("gcc", "-o", Program, _scratch.Combine("prog.c"), Stub);
        string placeholderLibrary = _scratch.Combine("libplaceholder.so");
        Compile("gcc", "-shared", "-fPIC", "-Wl,-soname," + NeededPlaceholder, "-o", placeholderLibrary, _scratch.Combine("stub.c"));
        Needy = _scratch.Combine("needy");
        Compile("gcc", "-o", Needy, _scratch.Combine("prog.c"), placeholderLibrary);
        Musl = _scratch.Combine("mprog");
        Compile("musl-gcc", "-o", Musl, _scratch.Combine("plain.c"));
    }

    /// <summary>A glibc program (x86-64) needing libflixstub.so.1 and libc.so.6.</summary>
    public string Program { get; }

    /// <summary>libflixstub.so.1.</summary>
    public string Stub { get; }

    /// <summary>The program needing <see cref="NeededPlaceholder"/> instead of libflixstub.so.1.</summary>
    public string Needy { get; }

    /// <summary>A musl program (interpreter /lib/ld-musl-x86_64.so.1, needing libc.so).</summary>
    public string Musl { get; }

    public void Dispose() => _scratch.Dispose();

    private static void Compile(string compiler, params string[] arguments)
    {
        var result = ProcessRunner.Run(compiler, arguments);
        Assert.True(result.ExitCode == 0, $"{compiler} failed: {result.Describe()}");
    }
}
