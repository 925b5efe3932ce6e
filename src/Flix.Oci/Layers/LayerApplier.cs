using Flix.Core.Interop;
using Flix.Core.Tree;

namespace Flix.Oci.Layers;

/// <summary>
/// Applies an image layer (its decompressed tar stream) onto a root directory and keeps a <see cref="FileTree"/>
/// model of that root in step, confined so that nothing from the layer is written, created or followed outside
/// the root.
/// </summary>
/// <remarks>
/// <para>Names: leading '/' and '.' components are dropped, as Docker does, so "/etc/x" and "./etc/x" land at
/// ROOT/etc/x. A ".." component anywhere is an error, as is a NUL byte, a component over 255 bytes or a name
/// over <see cref="LayerApplyOptions.MaxPathLength"/>.</para>
/// <para>Every path is resolved one component at a time from a descriptor of the root with
/// O_NOFOLLOW|O_DIRECTORY; the last component is never followed either. A symlink met as a parent is an error
/// (no entry is ever written through a symlink, even one pointing inside the root); a file or device met as
/// a parent is replaced by a directory, as umoci does. Missing parents are created (0755, root-owned). The
/// parent of consecutive entries in one directory is resolved once and kept open until something is removed.</para>
/// <para>Replacing: an existing entry is removed (a directory recursively, never following a symlink) before the
/// new one is created exclusively, except that a directory entry over an existing directory only updates its
/// metadata. The same name twice in one layer: the last one wins.</para>
/// <para>Whiteouts ".wh.NAME" remove NAME and its subtree; ".wh..wh..opq" empties its directory. Both act on
/// lower layers only: whatever this layer writes stays, wherever the marker sits in the tar. A whiteout of
/// "", "." or "..", or with content, is an error; a whiteout of a missing name does nothing.</para>
/// <para>Hard links must name an existing non-directory inside the root (a symlink is linked itself); the model
/// shares the node. Symlinks are created with their target as written, absolute or not.</para>
/// <para>Unprivileged (<see cref="LayerApplyOptions.Privileged"/> false): owners are not changed on disk;
/// directories get u+rwx and other entries u+rw on disk; device nodes become empty placeholder files; xattrs the
/// kernel refuses are dropped from disk with a warning. The model always carries the layer's values.</para>
/// <para>Metadata order: owner, xattrs, mode (never on a symlink), time; directory times are set again when
/// the layer ends, since adding entries changes them.</para>
/// <para>A failed apply (an exception) leaves the root and the model part-way through the layer, though never
/// anything outside the root, and never a file whose data was cut short: discard both.</para>
/// </remarks>
public static class LayerApplier
{
    /// <summary>Applies one layer onto <paramref name="rootDirectory"/> and <paramref name="model"/>.</summary>
    /// <exception cref="LayerFormatException">The layer is malformed or hostile; the message names the digest and the entry.</exception>
    /// <exception cref="IOException">The file system refused an operation.</exception>
    public static async Task<LayerApplyResult> ApplyAsync(
        Stream tar, string layerDigest, string rootDirectory, FileTree model, LayerApplyOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentException.ThrowIfNullOrEmpty(layerDigest);
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPathLength);

        string root = Path.GetFullPath(rootDirectory);
        if (root.Length > 1)
        {
            root = root.TrimEnd('/');
        }

        using var rootFd = Libc.Own(Libc.Open(root, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow | Libc.OCloExec, 0))
            ?? throw new IOException($"Cannot open the root directory '{root}': {Libc.LastErrorText()}.");
        var session = new LayerApplySession(layerDigest, root, rootFd, model, options);
        await session.RunAsync(tar, ct).ConfigureAwait(false);
        return session.Result();
    }
}
