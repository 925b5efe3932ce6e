namespace Flix.Install.Packages;

/// <summary>The installed packages of an image, as its package manager recorded them.</summary>
public interface IPackageDatabase
{
    /// <summary>What kind of database it is, for messages (dpkg, apk, rpm).</summary>
    string Kind { get; }

    /// <summary>The installed package <paramref name="name"/>, or null when it is not installed.</summary>
    InstalledPackage? Find(string name);
}
