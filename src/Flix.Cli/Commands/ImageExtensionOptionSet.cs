using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Pipeline;
using Flix.Pipeline.Builders;
using Flix.Pipeline.Install;
using Flix.Sysext;
using Flix.Sysext.Entries;

namespace Flix.Cli.Commands;

/// <summary>
/// What the commands that make an extension from an image (Flix mode, <c>flix flatwrap</c>) share: IMAGE NAME
/// [PATH...], the pack options of <c>flix pack</c> and the image options of <c>flix rootfs</c>, their checks, and
/// their mapping to an <see cref="ExtensionRequest"/> for <see cref="ExtensionPipeline"/> (run by <see cref="ImageExtensionAction"/>).
/// </summary>
public sealed class ImageExtensionOptionSet
{
    /// <param name="environment">Reads SOURCE_DATE_EPOCH.</param>
    /// <param name="nameDescription">The help of NAME, which also names the program when no PATH is given.</param>
    /// <param name="pathDescription">The help of PATH: what the command makes of an entry point.</param>
    public ImageExtensionOptionSet(Func<string, string?> environment, string nameDescription, string pathDescription)
    {
        Packing = new PackOptionSet(environment, withArchitecture: false);
        NameArgument = new("name") { Description = nameDescription };
        PathsArgument = new("path") { Description = pathDescription, Arity = ArgumentArity.ZeroOrMore };
    }

    public Argument<string> ImageArgument { get; } = new("image") { Description = ImageSourceHelp.ExtensionImage };

    public Argument<string> NameArgument { get; }

    public Argument<string[]> PathsArgument { get; }

    /// <summary>The packing options of <c>flix pack</c>, without --arch: that one comes from the image options.</summary>
    public PackOptionSet Packing { get; }

    /// <summary>--butane, --ignition.</summary>
    public DeployOptionSet Deploy { get; } = new();

    /// <summary>--install, --run, --no-install, --enable, --no-enable.</summary>
    public InstallOptionSet Installing { get; } = new(forExtensions: true);

    /// <summary>The image options of <c>flix rootfs</c>; --arch also sets the extension's architecture.</summary>
    public ImageOptionSet Image { get; } = new(
        "The architecture to pick from a multi-platform image and of the extension: x86-64 or arm64 (amd64, aarch64 accepted) [default: the image's, else this machine's].");

    /// <summary>Adds IMAGE NAME [PATH...] to <paramref name="command"/>; its own options come next, then <see cref="AddOptionsTo"/>.</summary>
    public void AddArgumentsTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(ImageArgument);
        command.Arguments.Add(NameArgument);
        command.Arguments.Add(PathsArgument);
    }

    /// <summary>
    /// Adds the pack and image options and the checks: the image options', then <paramref name="commandErrors"/> (the
    /// command's own) with the pack options', each once. A missing NAME after an IMAGE is said as what to type:
    /// <paramref name="usage"/>.
    /// </summary>
    public void AddOptionsTo(Command command, Func<CommandResult, IReadOnlyList<string>> commandErrors, Func<string> usage)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(commandErrors);
        ArgumentNullException.ThrowIfNull(usage);
        Packing.AddTo(command);
        Deploy.AddTo(command);
        Image.AddTo(command);
        Installing.AddTo(command);
        command.Validators.Add(Image.Validate);
        command.Validators.Add(result => Validate(result, commandErrors, usage));
    }

    /// <summary>The extension name given.</summary>
    public string Name(CommandResult result) => result.GetValue(NameArgument) ?? string.Empty;

    /// <summary>The entry points given; each unusable one adds its message to <paramref name="errors"/>, as does an empty image.</summary>
    public List<EntryPoint> ParseEntries(CommandResult result, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(errors);
        var entries = new List<EntryPoint>();
        foreach (var path in result.GetValue(PathsArgument) ?? [])
        {
            try
            {
                entries.Add(EntryPoint.Parse(path));
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
            }
        }

        return entries;
    }

    /// <summary>"The image must not be empty." when it is, and what is wrong with the install options.</summary>
    public IEnumerable<string> ImageErrors(CommandResult result) =>
        (string.IsNullOrEmpty(result.GetValue(ImageArgument)) ? ["The image must not be empty."] : (IEnumerable<string>)[]).Concat(Installing.Validate(result));

    /// <summary>
    /// The builder of the extension of the package NAME: <paramref name="createBuilder"/> gets the PATHs given, or the
    /// package's entry points when there are none; the units to start and the host files are added.
    /// </summary>
    public PackageExtensionBuilder PackageBuilder(
        CommandResult result, IReadOnlyList<EntryPoint> given, bool varFromHost, bool etcFromHost, Func<IReadOnlyList<EntryPoint>, IExtensionBuilder> createBuilder) =>
        new(Installing.CreateExtensionOptions(result, Name(result), varFromHost, etcFromHost), given, createBuilder);

    /// <summary>The pack options of the command line, for the architecture --arch names or this machine's (the pipeline picks the last).</summary>
    public (SysextPackOptions? Options, IReadOnlyList<string> Errors) CreatePackOptions(CommandResult result)
    {
        var (options, errors) = Packing.CreateOptions(result, Name(result), ChosenArchitecture(result) ?? ExtensionArchitecture.Host);
        // Without --extension-version the version may still come from the installed package; the packer checks it then.
        return Deploy.Apply(result, options, errors, versionFromBuild: true);
    }

    /// <summary>
    /// The pipeline's job for the command line: its image parsed (a <see cref="FormatException"/> when malformed),
    /// <paramref name="builder"/>, <paramref name="pack"/> and <paramref name="rootfs"/> from the other option sets.
    /// </summary>
    public ExtensionRequest CreateRequest(ParseResult parseResult, IExtensionBuilder builder, SysextPackOptions pack, RootfsOptions rootfs)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var result = parseResult.CommandResult;
        var given = (result.GetValue(PathsArgument) ?? []).Select(path => EntryPoint.Parse(path).Source).ToList();
        // What commands inside the image print goes to stderr: stdout stays the command's own (its --json report).
        var install = Installing.CreateOptions(result, Name(result), parseResult.InvocationConfiguration.Error, given);
        return new ExtensionRequest
        {
            Image = ImageSourceSpec.Parse(parseResult.GetValue(ImageArgument) ?? string.Empty),
            Rootfs = rootfs,
            Steps = [new InstallStep(install)],
            Builder = builder,
            Pack = pack,
            Architecture = ChosenArchitecture(parseResult.CommandResult),
        };
    }

    /// <summary>The architecture --arch asks for, as systemd names it; null when not given (the image's is used then).</summary>
    private string? ChosenArchitecture(CommandResult result) =>
        result.GetValue(Image.ArchOption) is { } arch && ExtensionArchitecture.TryNormalize(arch, out var normalized) ? normalized : null;

    private void Validate(CommandResult result, Func<CommandResult, IReadOnlyList<string>> commandErrors, Func<string> usage)
    {
        IReadOnlyList<string> errors;
        try
        {
            var own = commandErrors(result);
            var (_, packErrors) = CreatePackOptions(result);
            errors = [.. own, .. packErrors.Where(e => !own.Contains(e))];
        }
        catch (InvalidOperationException)
        {
            return; // a value that did not convert; the parser has reported it already
        }

        // IMAGE without NAME (a mistyped verb lands here too, as the image): what to type, in place of the name check's
        // "must not be empty".
        if (result.GetValue(ImageArgument) is { Length: > 0 } image && Name(result).Length == 0)
        {
            string nameError = ExtensionName.Validate(string.Empty)!;
            errors = [$"Give the extension NAME after the image '{image}': {usage()}.", .. errors.Where(e => e != nameError)];
        }

        foreach (var error in errors)
        {
            result.AddError(error);
        }
    }
}
