namespace Flix.TestSupport.Oci;

/// <summary>A cached Debian image: its OCI layout and tag, and the rootfs tar its single layer holds.</summary>
public sealed record DebianImageLayout(string LayoutDirectory, string Tag, string RootfsTar);
