using Flix.Core.Text;

namespace Flix.Sysext;

/// <summary>One finding of a check: a stable id (see <see cref="DiagnosticIds"/>), the path in the tree it is about, and a sentence.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Id, string Path, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The severity as printed: error, warning or note.</summary>
    public string SeverityName => Severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Note => "note",
        _ => "warning",
    };

    /// <summary>The finding on one line, as printed: control characters of image names escaped.</summary>
    public override string ToString() =>
        PrintableText.Escape($"{SeverityName}[{Id}]: {(Path.Length == 0 ? string.Empty : Path + ": ")}{Message}");
}
