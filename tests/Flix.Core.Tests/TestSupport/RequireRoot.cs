using Flix.Core.Interop;

namespace Flix.Tests.Support;

public static class RequireRoot
{
    /// <summary>Fails (never skips) when the tests do not run as root, which devices, owners and mounts need.</summary>
    public static void Check()
    {
        Assert.True(Libc.GetEUid() == 0, "This test creates devices and sets owners: run the tests as root.");
    }
}
