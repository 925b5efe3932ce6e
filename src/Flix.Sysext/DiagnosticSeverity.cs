namespace Flix.Sysext;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
