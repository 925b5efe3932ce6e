using System.Reflection;

namespace Flix.Cli.Commands;

/// <summary>The version of this Flix build (with its commit), as release inputs record it.</summary>
internal static class FlixVersion
{
    public static string Current { get; } =
        typeof(FlixVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
