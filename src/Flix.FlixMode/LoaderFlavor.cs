namespace Flix.FlixMode;

/// <summary>The C library (and so the dynamic loader) an image's programs are built against.</summary>
public enum LoaderFlavor
{
    /// <summary>glibc: ld-linux*.so, ld.so.conf, the loader cache, DF_1_NODEFLIB honoured.</summary>
    Glibc,

    /// <summary>musl: the loader is libc; the system path comes from PREFIX/etc/ld-musl-ARCH.path; DF_1_NODEFLIB ignored.</summary>
    Musl,
}
