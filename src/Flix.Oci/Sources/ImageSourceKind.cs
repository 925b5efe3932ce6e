namespace Flix.Oci.Sources;

/// <summary>Where an image spec says the rootfs comes from.</summary>
public enum ImageSourceKind
{
    /// <summary>A registry reference such as <c>debian:trixie</c> (also written <c>docker://debian:trixie</c>).</summary>
    Registry,

    /// <summary><c>oci:LAYOUT[:TAG]</c>: an OCI image layout folder.</summary>
    OciLayout,

    /// <summary><c>docker-archive:FILE</c>: a <c>docker save</c> tar.</summary>
    DockerArchive,

    /// <summary><c>docker-daemon:NAME[:TAG]</c>: an image exported from a Docker or Podman engine.</summary>
    DockerDaemon,

    /// <summary><c>dir:PATH</c>: an existing root directory, no image at all.</summary>
    Directory,
}
