namespace Flix.Sysext;

/// <summary>One finding of a check: a stable id (see <see cref="DiagnosticIds"/>), the path in the tree it is about, and a sentence.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Id, string Path, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        $"{(IsError ? "error" : "warning")}[{Id}]: {(Path.Length == 0 ? string.Empty : Path + ": ")}{Message}";
}
