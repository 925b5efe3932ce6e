using Flix.Elf;

namespace Flix.FlixMode;

/// <summary>
/// An object whose DT_NEEDED entries are being looked up: where it lies in the image (for <c>$ORIGIN</c>), its run
/// paths, and the object that loaded it (glibc searches the DT_RPATH of the whole chain, musl the rpath of the chain).
/// </summary>
public sealed record LibraryRequester(string ImagePath, string? RunPath, string? RPath, bool NoDefaultLib, LibraryRequester? LoadedBy)
{
    /// <summary>The requester for the ELF file <paramref name="elf"/> found at <paramref name="imagePath"/>.</summary>
    public static LibraryRequester For(string imagePath, ElfFile elf, LibraryRequester? loadedBy = null)
    {
        ArgumentNullException.ThrowIfNull(elf);
        return new LibraryRequester(imagePath, elf.RunPath, elf.RPath, (elf.Flags1 & ElfFile.NoDefaultLibFlag) != 0, loadedBy);
    }

    /// <summary>The folder <c>$ORIGIN</c> stands for.</summary>
    public string Origin
    {
        get
        {
            int slash = ImagePath.LastIndexOf('/');
            return slash <= 0 ? "/" : ImagePath[..slash];
        }
    }
}
