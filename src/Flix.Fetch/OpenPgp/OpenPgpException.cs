using Flix.Core;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// An OpenPGP input Flix cannot accept: malformed armor or packets, or a signature that does not verify (wrong data,
/// another key, a revoked or expired key). The message is one sentence naming the file, and the key when one is known.
/// </summary>
public sealed class OpenPgpException : FlixException
{
    public OpenPgpException(string message)
        : base(message)
    {
    }

    public OpenPgpException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
