namespace Flix.Install.PackageManagers;

/// <summary>The package managers Flix drives inside an image.</summary>
public enum PackageManagerKind
{
    /// <summary>Debian, Ubuntu: apt-get over dpkg.</summary>
    Apt,

    /// <summary>Alpine: apk.</summary>
    Apk,

    /// <summary>Fedora, RHEL, CentOS: dnf (dnf5 or dnf4; yum where only that is left).</summary>
    Dnf,

    /// <summary>Minimal Fedora/RHEL images: microdnf.</summary>
    Microdnf,

    /// <summary>openSUSE, SLE: zypper.</summary>
    Zypper,
}
