using System.Reflection;

namespace Flix.Cli.Conventions;

/// <summary>The program's version, as <c>flix --version</c> prints it: the assembly's informational version.</summary>
public static class ProgramVersion
{
    public static string Text { get; } =
        typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ProgramVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
