using Flix.Core.IO;
using Flix.TestSupport.Files;

namespace Flix.Core.Tests.IO;

public sealed class OutputFolderTests
{
    [Fact]
    public void Missing_folders_are_made_and_the_probe_leaves_nothing()
    {
        using var temp = new TempDirectory();
        string output = temp.Combine("a", "b", "c");

        Assert.Equal(output, OutputFolder.Prepare(output));

        Assert.True(Directory.Exists(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public void An_existing_folder_keeps_its_files()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("kept"), "x");

        OutputFolder.Prepare(temp.Path);

        Assert.Equal(["kept"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_on_the_way_is_one_line_naming_the_folder_and_the_reason()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("file"), "x");
        string output = temp.Combine("file", "out");

        var error = Assert.Throws<FlixException>(() => OutputFolder.Prepare(output));

        Assert.Equal($"Cannot make the output folder '{output}': Not a directory.", error.Message);
        Assert.Equal("x", File.ReadAllText(temp.Combine("file")));
    }

    [Fact]
    public void A_folder_that_takes_no_new_file_fails_before_anything_is_written()
    {
        // sysfs refuses new files, to root as well.
        var error = Assert.Throws<FlixException>(() => OutputFolder.Prepare("/sys"));

        // The reason is the kernel's (EACCES today).
        Assert.Matches(@"^Cannot write to the output folder '/sys': [A-Z][a-z ]+\.$", error.Message);
    }

    [Fact]
    public void A_parent_that_cannot_hold_folders_is_named()
    {
        var error = Assert.Throws<FlixException>(() => OutputFolder.Prepare("/sys/flix-output/images"));

        Assert.Matches(@"^Cannot make the output folder '/sys/flix-output/images': '/sys/flix-output': [A-Z][a-z ]+\.$", error.Message);
        Assert.False(Directory.Exists("/sys/flix-output"));
    }

    [Fact]
    public void Check_makes_nothing_and_accepts_a_folder_that_can_be_made()
    {
        using var temp = new TempDirectory();

        OutputFolder.Check(temp.Combine("a", "b"));
        OutputFolder.Check(temp.Path);

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Check_names_a_file_on_the_way()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("file"), "x");
        string output = temp.Combine("file", "a", "b");

        var error = Assert.Throws<FlixException>(() => OutputFolder.Check(output));

        Assert.Equal($"Cannot make the output folder '{output}': '{temp.Combine("file")}' is not a folder.", error.Message);
    }
}
