using System.CommandLine;
using System.Text.Json;

namespace Flix.Cli.Conventions;

/// <summary><c>flix version</c> (also <c>flix --version</c>): the program's version.</summary>
public sealed class VersionCommand : Command
{
    public VersionCommand()
        : base("version", "Print flix's version (also flix --version).")
    {
        Options.Add(JsonOption);
        SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            string text = parseResult.GetValue(JsonOption)
                ? JsonSerializer.Serialize(new VersionReport { Version = ProgramVersion.Text }, ConventionJsonContext.Default.VersionReport)
                : $"flix {ProgramVersion.Text}";
            await output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
    }

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the version as JSON on standard output.",
    };
}
