namespace Flix.TestSupport.Oci;

/// <summary>The tar type flags a layer entry can carry.</summary>
public enum LayerEntryKind : byte
{
    File = (byte)'0',
    HardLink = (byte)'1',
    SymbolicLink = (byte)'2',
    CharacterDevice = (byte)'3',
    BlockDevice = (byte)'4',
    Directory = (byte)'5',
    Fifo = (byte)'6',
}
