namespace Flix.SquashFs.Writing;

/// <summary>Where a directory's listing lies in the directory table, its file_size (bytes + 3) and its index.</summary>
internal sealed record DirectoryListing(ulong Start, uint FileSize, List<DirectoryIndexEntry> Index);

/// <summary>One directory-index entry: a header's offset in the listing, its MD block, and its first name.</summary>
internal readonly record struct DirectoryIndexEntry(uint ListingOffset, uint BlockStart, byte[] Name);
