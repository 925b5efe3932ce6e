namespace Flix.Sysext;

public enum DiagnosticSeverity
{
    Warning,
    Error,

    /// <summary>Information the user must act on outside the image (how to install it); never a failure.</summary>
    Note,
}
