namespace Flix.Core;

/// <summary>
/// The base of Flix's own failures: a bad input or an environment Flix cannot work in. The message is one
/// sentence meant for the user; the command line prints it without a stack trace.
/// </summary>
public class FlixException : Exception
{
    public FlixException(string message)
        : base(message)
    {
    }

    public FlixException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
