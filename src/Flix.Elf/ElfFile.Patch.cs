using Flix.Elf.Structures;

namespace Flix.Elf;

public sealed partial class ElfFile
{
    /// <summary>
    /// Returns the bytes of this file with <paramref name="patch"/> applied, in one rewrite; this object is unchanged.
    /// When the patch changes nothing (every value is already there) the result equals the input byte for byte.
    /// </summary>
    /// <exception cref="ArgumentException">The patch contradicts itself (see <see cref="ElfPatch.Validate"/>).</exception>
    /// <exception cref="NotSupportedException">The patch needs what the file lacks: a PT_INTERP or a PT_DYNAMIC.</exception>
    /// <exception cref="ElfFormatException">The file's structures do not allow the edit.</exception>
    public byte[] Patch(ElfPatch patch) => PatchOrNull(patch) ?? Bytes.ToArray();

    /// <summary>The patched bytes, or null when the patch changes nothing.</summary>
    internal byte[]? PatchOrNull(ElfPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        patch.Validate();
        return IsLittleEndian
            ? ElfPatcher<LittleEndianDecoder>.Apply(this, patch)
            : ElfPatcher<BigEndianDecoder>.Apply(this, patch);
    }
}
