using Flix.Core;
using Flix.Core.Text;

namespace Flix.Cli;

/// <summary>Turns an exception escaping a command into one line on stderr and an exit code.</summary>
public static class ErrorReporter
{
    /// <summary>The environment variable that adds stack traces to error reports.</summary>
    public const string DebugVariable = "FLIX_DEBUG";

    /// <param name="debug">Print the stack trace too (--verbose, or <see cref="DebugVariable"/>=1).</param>
    public static int Report(Exception exception, TextWriter error, bool debug)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        bool expected = exception is FlixException or IOException or UnauthorizedAccessException
            or InvalidDataException or NotSupportedException;
        if (exception is OperationCanceledException)
        {
            error.WriteLine("flix: cancelled.");
        }
        else if (expected)
        {
            error.WriteLine($"flix: error: {PrintableText.Escape(exception.Message)}{HintFor(exception)}");
        }
        else
        {
            error.WriteLine($"flix: internal error ({exception.GetType().Name}): {PrintableText.Escape(exception.Message)}");
        }

        if (debug)
        {
            error.WriteLine(exception.ToString());
        }
        else if (!expected && exception is not OperationCanceledException)
        {
            error.WriteLine($"flix: run with --verbose (or {DebugVariable}=1) for the stack trace.");
        }

        // A command that failed inside the image gives its own exit code, as a shell would.
        return exception is Flix.Install.Sandbox.SandboxCommandException { ExitCode: > 0 and < 256 } failed ? failed.ExitCode : ExitCodes.Failure;
    }

    /// <summary>What to do about an error a user meets often, on the same line.</summary>
    private static string HintFor(Exception exception) =>
        exception is UnauthorizedAccessException && exception.Message.Contains("/.cache", StringComparison.Ordinal)
            ? " Choose a writable cache folder with --cache-dir DIR or XDG_CACHE_HOME, or use --no-cache."
            : string.Empty;
}
