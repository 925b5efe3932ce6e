namespace Flix.Oci.Daemon;

/// <summary>The base of failures in talking to a Docker-compatible engine (Docker or Podman) over its unix socket.</summary>
public abstract class DockerEngineException : Core.FlixException
{
    private protected DockerEngineException(string message, string socket, Exception? innerException)
        : base(message, innerException)
    {
        Socket = socket;
    }

    /// <summary>The socket asked, or every socket tried when none was there.</summary>
    public string Socket { get; }
}
