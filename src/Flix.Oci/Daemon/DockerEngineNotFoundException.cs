namespace Flix.Oci.Daemon;

/// <summary>The engine holds no image of that name.</summary>
public sealed class DockerEngineNotFoundException : DockerEngineException
{
    public DockerEngineNotFoundException(string message, string socket, string image)
        : base(message, socket, null)
    {
        Image = image;
    }

    public string Image { get; }
}
