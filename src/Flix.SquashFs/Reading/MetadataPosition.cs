namespace Flix.SquashFs.Reading;

/// <summary>A position in a metadata stream: the absolute file offset of a block header and an offset in its content.</summary>
internal readonly record struct MetadataPosition(long Block, int Offset);
