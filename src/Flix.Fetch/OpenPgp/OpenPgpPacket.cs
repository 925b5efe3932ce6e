namespace Flix.Fetch.OpenPgp;

/// <summary>One packet of a binary OpenPGP stream: its tag, its body, and the offset of its header (for messages).</summary>
internal readonly record struct OpenPgpPacket(PacketTag Tag, ReadOnlyMemory<byte> Body, int Offset);
