using Flix.Core;

namespace Flix.Install.Packages;

/// <summary>An image's package database could not be read: the sentence names the file and what is wrong.</summary>
public sealed class PackageDatabaseException : FlixException
{
    public PackageDatabaseException(string message)
        : base(message)
    {
    }

    public PackageDatabaseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
