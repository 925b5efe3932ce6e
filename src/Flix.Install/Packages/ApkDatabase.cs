namespace Flix.Install.Packages;

/// <summary>
/// apk's database, <c>/lib/apk/db/installed</c> (apk-tools' documented format): stanzas of <c>K:value</c> lines
/// separated by blank lines; <c>P:</c> name, <c>V:</c> version, <c>o:</c> origin (the source package), <c>D:</c>
/// dependencies, then per folder <c>F:</c> (a path without the leading '/') and per file in it <c>R:</c> (a name).
/// </summary>
public sealed class ApkDatabase : IPackageDatabase
{
    public const string InstalledPath = "/lib/apk/db/installed";

    private readonly Dictionary<string, InstalledPackage> _packages;

    private ApkDatabase(Dictionary<string, InstalledPackage> packages)
    {
        _packages = packages;
    }

    public string Kind => "apk";

    /// <summary>The database of <paramref name="rootfs"/>, or null when it has no apk database.</summary>
    public static ApkDatabase? Open(string rootfs)
    {
        var path = ImageFile.Locate(rootfs, InstalledPath) ?? ImageFile.Locate(rootfs, "/usr" + InstalledPath);
        return path is null ? null : Parse(ImageFile.ReadText(path, InstalledPath));
    }

    /// <summary>The database in <paramref name="text"/> (the content of an <c>installed</c> file).</summary>
    public static ApkDatabase Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var packages = new Dictionary<string, InstalledPackage>(StringComparer.Ordinal);
        var stanza = new Stanza();
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                stanza.AddTo(packages);
                stanza = new Stanza();
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
            {
                throw new PackageDatabaseException($"Line {lineNumber} of the image's {InstalledPath} is not a 'K:value' line.");
            }

            string value = line[2..];
            switch (line[0])
            {
                case 'P':
                    stanza.Name = value;
                    break;
                case 'V':
                    stanza.Version = value;
                    break;
                case 'o':
                    stanza.Origin = value;
                    break;
                case 'D':
                    stanza.Depends.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(DependencyName).OfType<string>());
                    break;
                case 'F':
                    if (!SafeRelative(value))
                    {
                        throw new PackageDatabaseException($"Line {lineNumber} of the image's {InstalledPath} names the folder '{value}', which is not a plain relative path.");
                    }

                    stanza.Folder = value;
                    stanza.Files.Add("/" + value);
                    break;
                case 'R':
                    if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal) || value is "." or "..")
                    {
                        throw new PackageDatabaseException($"Line {lineNumber} of the image's {InstalledPath} names the file '{value}', which is not a plain name.");
                    }

                    stanza.Files.Add(stanza.Folder.Length == 0 ? "/" + value : $"/{stanza.Folder}/{value}");
                    break;
            }
        }

        stanza.AddTo(packages);
        return new ApkDatabase(packages);
    }

    public InstalledPackage? Find(string name) => _packages.GetValueOrDefault(name);

    /// <summary>The package a dependency names: <c>musl&gt;=1.2</c> is musl; <c>so:</c>, <c>cmd:</c>, <c>pc:</c> names and conflicts (<c>!x</c>) name none.</summary>
    private static string? DependencyName(string dependency)
    {
        if (dependency.StartsWith('!') || dependency.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        int end = dependency.IndexOfAny(['<', '>', '=', '~']);
        return end == 0 ? null : end < 0 ? dependency : dependency[..end];
    }

    private static bool SafeRelative(string path) =>
        !path.StartsWith('/') && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(part => part.Length > 0 && part is not ("." or ".."));

    private sealed class Stanza
    {
        public string? Name { get; set; }

        public string Version { get; set; } = string.Empty;

        public string? Origin { get; set; }

        public string Folder { get; set; } = string.Empty;

        public List<string> Depends { get; } = [];

        public List<string> Files { get; } = [];

        public void AddTo(Dictionary<string, InstalledPackage> packages)
        {
            if (Name is { Length: > 0 } name)
            {
                packages.TryAdd(name, new InstalledPackage { Name = name, Version = Version, Source = Origin ?? name, Depends = [.. Depends], Files = [.. Files] });
            }
        }
    }
}
