namespace Flix.Oci.Rootfs;

/// <summary>One step of building a rootfs: a layer's bytes arriving, or a layer applied.</summary>
/// <param name="Layer">The layer's position, 0 for the bottom one.</param>
/// <param name="LayerCount">How many layers the image has.</param>
/// <param name="Digest">The layer's digest.</param>
/// <param name="Size">The layer's compressed size.</param>
/// <param name="Downloaded">Bytes of it fetched so far.</param>
/// <param name="Applied">True once the layer is unpacked.</param>
public sealed record RootfsProgress(int Layer, int LayerCount, string Digest, long Size, long Downloaded, bool Applied);
