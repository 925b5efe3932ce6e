using System.Net;

namespace Flix.Oci.Daemon;

/// <summary>The engine answered with an error other than not-found.</summary>
public sealed class DockerEngineProtocolException : DockerEngineException
{
    public DockerEngineProtocolException(string message, string socket, HttpStatusCode statusCode)
        : base(message, socket, null)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode StatusCode { get; }
}
