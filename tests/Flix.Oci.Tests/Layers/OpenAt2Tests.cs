using Flix.Core.Interop;

namespace Flix.Oci.Tests.Layers;

/// <summary>openat2 through libc's syscall(): it opens plain directories and refuses symlinks and escapes.</summary>
public sealed class OpenAt2Tests
{
    private const ulong Confined = Libc.ResolveBeneath | Libc.ResolveNoSymlinks | Libc.ResolveNoMagicLinks;
    private const int DirectoryFlags = Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec;

    [Fact]
    public void OpensBeneathAndRefusesSymlinksAndDotDot()
    {
        using var scratch = new Scratch();
        Directory.CreateDirectory(Path.Combine(scratch.Root, "a/b"));
        File.CreateSymbolicLink(Path.Combine(scratch.Root, "link"), "a");
        using var root = Libc.Own(Libc.Open(scratch.Root, DirectoryFlags, 0))!;

        using (var ok = Libc.Own(Libc.OpenAt2(root, "a/b", DirectoryFlags, Confined)))
        {
            Assert.NotNull(ok);
        }

        Assert.Equal(-1, Libc.OpenAt2(root, "link/b", DirectoryFlags, Confined));
        Assert.Equal(Libc.ELOOP, Libc.LastError());
        Assert.Equal(-1, Libc.OpenAt2(root, "../outside", DirectoryFlags, Confined));
        Assert.Equal(Libc.EXDEV, Libc.LastError());
    }
}
