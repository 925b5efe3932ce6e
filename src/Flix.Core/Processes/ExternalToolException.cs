namespace Flix.Core.Processes;

/// <summary>An external program Flix needs is missing or failed.</summary>
public sealed class ExternalToolException : FlixException
{
    public ExternalToolException(string tool, string message)
        : base(message)
    {
        Tool = tool;
    }

    /// <summary>The program name, such as mkfs.erofs.</summary>
    public string Tool { get; }
}
