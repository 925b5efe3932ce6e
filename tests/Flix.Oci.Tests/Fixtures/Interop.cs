using System.Runtime.InteropServices;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>The few libc calls the fixtures need that the BCL lacks.</summary>
internal static partial class Interop
{
    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int LChown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Link(string existing, string newPath);
}
