using Flix.Core;

namespace Flix.Oci.Layers;

/// <summary>
/// A layer blob or one of its tar entries is malformed or hostile; the message names the layer and the entry.
/// (<see cref="InvalidDataException"/> is sealed, so this derives from Flix's own base of user-facing errors.)
/// </summary>
public sealed class LayerFormatException : FlixException
{
    public LayerFormatException(string layerDigest, string? entryName, string detail, Exception? innerException = null)
        : base(Compose(layerDigest, entryName, detail), innerException)
    {
        LayerDigest = layerDigest;
        EntryName = entryName;
        Detail = detail;
    }

    /// <summary>The digest of the layer being read.</summary>
    public string LayerDigest { get; }

    /// <summary>The tar entry at fault as it is named in the layer; null when the fault is in the stream itself.</summary>
    public string? EntryName { get; }

    /// <summary>The message without the layer and entry.</summary>
    public string Detail { get; }

    private static string Compose(string layerDigest, string? entryName, string detail) =>
        entryName is null
            ? $"Layer {layerDigest}: {detail}"
            : $"Layer {layerDigest}, entry '{Printable(entryName)}': {detail}";

    /// <summary>The name with control characters escaped, so a message stays on one line.</summary>
    internal static string Printable(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var builder = new System.Text.StringBuilder(name.Length + 8);
        foreach (char c in name)
        {
            builder.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return builder.ToString();
    }
}
