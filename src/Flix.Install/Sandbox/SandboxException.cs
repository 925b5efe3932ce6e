using Flix.Core;

namespace Flix.Install.Sandbox;

/// <summary>The sandbox could not be set up: what is missing on the machine or wrong with the rootfs, in one sentence.</summary>
public sealed class SandboxException : FlixException
{
    public SandboxException(string message)
        : base(message)
    {
    }

    public SandboxException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
