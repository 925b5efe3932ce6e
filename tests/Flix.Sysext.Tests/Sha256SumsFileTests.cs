using Flix.TestSupport.Files;

namespace Flix.Sysext.Tests;

public sealed class Sha256SumsFileTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);
    private static readonly string C = new('c', 64);

    [Fact]
    public void Keeps_other_lines_replaces_its_own_and_sorts_by_name()
    {
        var file = Sha256SumsFile.Parse($"{A}  zeta.raw\n{B}  myext-1.0-x86-64.raw\n{C} *alpha.raw\n", "SHA256SUMS");

        file.Set("myext-1.0-x86-64.raw", C.ToUpperInvariant());
        file.Set("beta.raw", A);

        Assert.Equal($"{C}  alpha.raw\n{A}  beta.raw\n{C}  myext-1.0-x86-64.raw\n{A}  zeta.raw\n", file.Render());
    }

    [Theory]
    [InlineData("abc  x.raw")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz  x.raw")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x.raw")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  ")]
    public void Malformed_lines_are_errors_naming_the_line(string line)
    {
        var error = Assert.Throws<InvalidDataException>(() => Sha256SumsFile.Parse($"{A}  ok.raw\n{line}\n", "sums"));

        Assert.Contains("Line 2 of 'sums'", error.Message);
    }

    [Fact]
    public async Task Update_rewrites_the_file_atomically_keeping_other_entries()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("SHA256SUMS");
        await File.WriteAllTextAsync(path, $"{A}  other.raw\n{B}  mine.raw\n");

        await Sha256SumsFile.UpdateAsync(path, "mine.raw", C);

        Assert.Equal($"{C}  mine.raw\n{A}  other.raw\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["SHA256SUMS"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Update_creates_a_missing_file()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("SHA256SUMS");

        await Sha256SumsFile.UpdateAsync(path, "new.raw", A);

        Assert.Equal($"{A}  new.raw\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public void Refuses_bad_hashes() => Assert.Throws<ArgumentException>(() => new Sha256SumsFile().Set("x.raw", "nothex"));
}
