namespace Flix.Oci.Daemon;

/// <summary>No engine socket was found, or the engine did not answer on it.</summary>
public sealed class DockerEngineUnavailableException : DockerEngineException
{
    public DockerEngineUnavailableException(string message, string socket, Exception? innerException = null)
        : base(message, socket, innerException)
    {
    }
}
