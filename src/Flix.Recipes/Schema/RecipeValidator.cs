using System.Globalization;
using System.Text.RegularExpressions;
using Flix.Recipes.Model;
using Flix.Recipes.Versions;
using Flix.Sysext;
using Semver;

namespace Flix.Recipes.Schema;

/// <summary>
/// Checks a <see cref="RecipeDocument"/> strictly and turns it into a <see cref="Recipe"/>: every problem is
/// collected with its file, line and key (a bad URL template, a missing architecture, a path in usr/sbin…).
/// </summary>
public sealed partial class RecipeValidator
{
    private static readonly string[] Schemes = ["https", "http", "oci", "s3", "file"];
    private static readonly string[] SystemdArches = [ExtensionArchitecture.X86_64, ExtensionArchitecture.Arm64];

    private readonly string _file;
    private readonly YamlKeyLines _lines;
    private readonly List<RecipeFormatException> _problems = [];
    private HashSet<string> _variables = new(StringComparer.Ordinal);

    private RecipeValidator(string file, YamlKeyLines lines)
    {
        _file = file;
        _lines = lines;
    }

    /// <summary>
    /// The recipe, or null with the problems. <paramref name="expectedName"/> is the name the file's name gives
    /// (NAME.yaml), which the recipe's <c>name</c> must equal.
    /// </summary>
    public static (Recipe? Recipe, IReadOnlyList<RecipeFormatException> Problems) Validate(
        RecipeDocument document, YamlKeyLines lines, string file, string origin, string? expectedName)
    {
        ArgumentNullException.ThrowIfNull(document);
        var validator = new RecipeValidator(file, lines);
        var recipe = validator.Run(document, origin, expectedName);
        return validator._problems.Count == 0 ? (recipe, []) : (null, validator._problems);
    }

    private Recipe Run(RecipeDocument d, string origin, string? expectedName)
    {
        var name = Required(d.Name, "name");
        if (name.Length > 0 && ExtensionName.Validate(name) is { } bad)
        {
            Problem("name", bad);
        }
        else if (expectedName is not null && name.Length > 0 && name != expectedName)
        {
            Problem("name", $"the recipe is named '{name}' but its file says '{expectedName}'.");
        }

        var description = Required(d.Description, "description");
        if (d.Homepage is not null && !Uri.TryCreate(d.Homepage, UriKind.Absolute, out _))
        {
            Problem("homepage", $"'{d.Homepage}' is not an absolute URL.");
        }

        var arches = Arches(d.Arches, "arches", required: true) ?? new Dictionary<string, string>();
        var parameters = Parameters(d.Parameters);
        _variables = [.. TemplateVariables.Common, .. parameters.Select(p => p.Name)];
        var versions = d.Versions is null ? null : Source(d.Versions, "versions");
        if (d.Versions is null && d.Build is null)
        {
            Problem("versions", "missing: say where the versions come from (github_releases, github_tags, gitlab_tags, hashicorp, html_index, text, s3_listing or fixed); a build from an image may leave it out (its version is the installed package's).");
        }

        var artifacts = new List<Artifact>();
        ImageBuild? build = null;
        if ((d.Artifacts is { Count: > 0 }) == (d.Build is not null))
        {
            Problem(d.Build is null ? "artifacts" : "build", "a recipe has either artifacts (downloads) or a build (from a distribution image), exactly one of them.");
        }

        for (var i = 0; i < (d.Artifacts?.Count ?? 0); i++)
        {
            if (ArtifactOf(d.Artifacts![i], i, arches, versions) is { } artifact)
            {
                artifacts.Add(artifact);
            }
        }

        if (d.Build is not null)
        {
            build = Build(d.Build);
        }

        var units = Units(d.Units);
        return new Recipe
        {
            Name = name,
            Description = description,
            Homepage = d.Homepage,
            Origin = origin,
            Arches = arches,
            Versions = versions ?? new VersionSourceSpec { Kind = VersionSourceKind.Fixed },
            Parameters = parameters,
            Artifacts = artifacts,
            Build = build,
            Units = units,
            Files = Files(d.Files),
            Links = Links(d.Links),
            Etc = Etc(d.Etc),
            Sysusers = d.Sysusers,
            Tmpfiles = d.Tmpfiles,
            Reload = d.Reload ?? units.Count > 0,
            Sysupdate = Sysupdate(d.Sysupdate),
        };
    }

    private Dictionary<string, string>? Arches(Dictionary<string, string>? arches, string key, bool required)
    {
        if (arches is null || arches.Count == 0)
        {
            if (required)
            {
                Problem(key, $"missing: map each architecture the recipe builds ({string.Join(", ", SystemdArches)}) to the upstream's name for it.");
            }

            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (arch, token) in arches)
        {
            if (!SystemdArches.Contains(arch))
            {
                Problem($"{key}.{arch}", $"'{arch}' is not a systemd architecture name; use {string.Join(" or ", SystemdArches)}.");
                continue;
            }

            result[arch] = token ?? string.Empty;
        }

        return result;
    }

    private List<RecipeParameter> Parameters(Dictionary<string, ParameterDocument>? parameters)
    {
        var result = new List<RecipeParameter>();
        foreach (var (name, p) in parameters ?? [])
        {
            var key = $"params.{name}";
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || TemplateVariables.Common.Contains(name) || TemplateVariables.ChecksumOnly.Contains(name))
            {
                Problem(key, $"'{name}' cannot name a parameter: use letters, digits and '_', and none of {string.Join(", ", TemplateVariables.Common.Concat(TemplateVariables.ChecksumOnly))}.");
                continue;
            }

            if (p is null || (p.Default is null && p.Versions is null))
            {
                Problem(key, "a parameter needs a default or a versions source (its latest version is the default).");
                continue;
            }

            result.Add(new RecipeParameter(name, p.Description, p.Default, p.Versions is null ? null : Source(p.Versions, $"{key}.versions")));
        }

        return result;
    }

    private VersionSourceSpec? Source(VersionSourceDocument v, string key)
    {
        var kinds = new List<(string Key, VersionSourceKind Kind)>();
        void Kind(object? value, string name, VersionSourceKind kind)
        {
            if (value is not null)
            {
                kinds.Add((name, kind));
            }
        }

        Kind(v.GitHubReleases, "github_releases", VersionSourceKind.GitHubReleases);
        Kind(v.GitHubTags, "github_tags", VersionSourceKind.GitHubTags);
        Kind(v.GitLabTags, "gitlab_tags", VersionSourceKind.GitLabTags);
        Kind(v.HashiCorp, "hashicorp", VersionSourceKind.HashiCorp);
        Kind(v.HtmlIndex, "html_index", VersionSourceKind.HtmlIndex);
        Kind(v.Text, "text", VersionSourceKind.Text);
        Kind(v.S3Listing, "s3_listing", VersionSourceKind.S3Listing);
        Kind(v.Fixed, "fixed", VersionSourceKind.Fixed);
        if (kinds.Count != 1)
        {
            Problem(key, kinds.Count == 0 ? "names no source kind." : $"names {string.Join(" and ", kinds.Select(k => k.Key))}; give exactly one.");
            return null;
        }

        var (kindKey, kind) = kinds[0];
        var at = $"{key}.{kindKey}";
        var latest = LatestPolicy.TryParse(v.Latest);
        if (latest is null)
        {
            Problem($"{key}.latest", $"'{v.Latest}' is not 'newest' or 'per-minor N'.");
        }

        var spec = new VersionSourceSpec
        {
            Kind = kind,
            Pattern = Regex(v.Pattern, $"{key}.pattern"),
            Prereleases = v.Prereleases ?? false,
            Latest = latest ?? LatestPolicy.Newest,
        };
        switch (kind)
        {
            case VersionSourceKind.GitHubReleases or VersionSourceKind.GitHubTags:
                var repo = Required((v.GitHubReleases ?? v.GitHubTags)!.Repository, $"{at}.repo");
                if (repo.Length > 0 && !GitHubRepository().IsMatch(repo))
                {
                    Problem($"{at}.repo", $"'{repo}' is not OWNER/NAME.");
                }

                return spec with { Subject = repo };
            case VersionSourceKind.GitLabTags:
                var url = v.GitLabTags!.Url ?? "https://gitlab.com";
                HttpUrl(url, $"{at}.url");
                return spec with { Url = url, Subject = Required(v.GitLabTags.Project, $"{at}.project") };
            case VersionSourceKind.HashiCorp:
                return spec with { Subject = Required(v.HashiCorp!.Product, $"{at}.product"), LicenseClass = v.HashiCorp.LicenseClass ?? "oss" };
            case VersionSourceKind.HtmlIndex or VersionSourceKind.Text or VersionSourceKind.S3Listing:
                var source = (v.HtmlIndex ?? v.Text ?? v.S3Listing)!;
                var address = Required(source.Url, $"{at}.url");
                if (kind == VersionSourceKind.S3Listing && address.StartsWith("s3://", StringComparison.Ordinal))
                {
                    // s3://BUCKET/PREFIX: listed through the S3 API.
                }
                else if (address.Length > 0)
                {
                    HttpUrl(address, $"{at}.url");
                }

                var match = Regex(source.Match, $"{at}.match");
                if (kind != VersionSourceKind.Text && source.Match is null)
                {
                    Problem($"{at}.match", "missing: a regular expression whose first group is a version.");
                }

                return spec with { Url = address, Match = match };
            default:
                var versions = new List<string>();
                for (var i = 0; i < v.Fixed!.Count; i++)
                {
                    if (RecipeVersion.TryParse(v.Fixed[i]) is null)
                    {
                        Problem($"{at}[{i}]", $"'{v.Fixed[i]}' is not a version.");
                    }
                    else
                    {
                        versions.Add(v.Fixed[i].Trim());
                    }
                }

                if (versions.Count == 0 && v.Fixed.Count == 0)
                {
                    Problem(at, "the list is empty.");
                }

                return spec with { Fixed = versions };
        }
    }

    private Artifact? ArtifactOf(ArtifactDocument a, int index, IReadOnlyDictionary<string, string> recipeArches, VersionSourceSpec? versions)
    {
        var key = $"artifacts[{index}]";
        var arches = Arches(a.Arches, $"{key}.arches", required: false) ?? new Dictionary<string, string>(recipeArches);
        foreach (var arch in recipeArches.Keys.Where(arch => !arches.ContainsKey(arch)))
        {
            Problem($"{key}.arches", $"misses the architecture {arch}, which the recipe builds.");
        }

        var url = Template(Required(a.Url, $"{key}.url"), $"{key}.url", checksum: false, url: true);
        if (!ArchiveFormats.TryParse(a.Format, out var format))
        {
            Problem($"{key}.format", $"'{a.Format}' is not a format; use one of {string.Join(", ", ArchiveFormats.Names)}.");
        }

        var checksum = Checksum(a.Checksum, $"{key}.checksum", versions);
        var packages = Packages(a.Packages, format, $"{key}.packages");
        var install = Install(a.Install, $"{key}.install") ?? [];
        if (install.Count == 0)
        {
            Problem($"{key}.install", "missing: say where the artifact's files go (from: GLOB, to: /usr/…).");
        }

        var range = Range(a.Versions, $"{key}.versions");
        var overrides = new List<ArtifactOverride>();
        for (var i = 0; i < (a.Overrides?.Count ?? 0); i++)
        {
            var o = a.Overrides![i];
            var at = $"{key}.overrides[{i}]";
            var overrideRange = Range(Required(o.Versions, $"{at}.versions"), $"{at}.versions");
            ArchiveFormat? overrideFormat = null;
            if (o.Format is not null)
            {
                if (ArchiveFormats.TryParse(o.Format, out var f))
                {
                    overrideFormat = f;
                }
                else
                {
                    Problem($"{at}.format", $"'{o.Format}' is not a format; use one of {string.Join(", ", ArchiveFormats.Names)}.");
                }
            }

            var overrideUrl = o.Url is null ? null : Template(o.Url, $"{at}.url", checksum: false, url: true);
            var overrideChecksum = o.Checksum is null ? null : Checksum(o.Checksum, $"{at}.checksum", versions);
            var overrideInstall = Install(o.Install, $"{at}.install");
            if (overrideRange is not null)
            {
                overrides.Add(new ArtifactOverride(overrideRange, overrideUrl, overrideFormat, overrideChecksum, overrideInstall));
            }
        }

        if (url is null)
        {
            return null;
        }

        foreach (var template in new[] { url }.Concat(overrides.Select(o => o.Url)).OfType<UrlTemplate>())
        {
            foreach (var (arch, token) in arches)
            {
                if (token.Length == 0 && template.Variables.Contains(TemplateVariables.Arch) && template.Text.Contains("-{arch}-", StringComparison.Ordinal))
                {
                    Problem($"{key}.arches.{arch}", "is empty, which would leave '--' in the URL.");
                }
            }
        }

        return new Artifact
        {
            Index = index,
            Url = url,
            Arches = arches,
            Format = format,
            Checksum = checksum,
            MediaType = a.MediaType,
            Packages = packages,
            Install = install,
            Versions = range,
            Overrides = overrides,
        };
    }

    private ChecksumSpec Checksum(ChecksumDocument? c, string key, VersionSourceSpec? versions)
    {
        if (c is null)
        {
            return ChecksumSpec.None;
        }

        var given = new[] { c.File is not null, c.List is not null, c.GitHub is not null, c.Pinned is not null, c.Signature is not null }.Count(b => b);
        if (given != 1)
        {
            Problem(key, "give exactly one of file, list, github, pinned, signature.");
            return ChecksumSpec.None;
        }

        if (c.Tag is not null && c.GitHub is null)
        {
            Problem($"{key}.tag", "is only for github: the release tag whose asset digests are used.");
        }

        if (c.Signature is null && (c.Key is not null || c.Fingerprints is not null))
        {
            Problem(c.Key is not null ? $"{key}.key" : $"{key}.fingerprints", "belongs to a signature checksum only.");
        }

        if (c.Signature is not null)
        {
            return SignatureChecksum(c, key);
        }

        if (c.File is not null || c.List is not null)
        {
            var text = c.File ?? c.List!;
            var at = c.File is not null ? $"{key}.file" : $"{key}.list";
            var template = Template(text, at, checksum: true, url: true);
            return new ChecksumSpec { Kind = c.File is not null ? ChecksumKind.File : ChecksumKind.List, Template = template };
        }

        if (c.GitHub is not null)
        {
            var repo = c.GitHub;
            if (repo is "true" or "yes")
            {
                repo = versions is { Kind: VersionSourceKind.GitHubReleases or VersionSourceKind.GitHubTags } ? versions.Subject : null;
                if (repo is null)
                {
                    Problem($"{key}.github", "'true' needs a github_releases or github_tags version source; give OWNER/NAME instead.");
                    return ChecksumSpec.None;
                }
            }
            else if (!GitHubRepository().IsMatch(repo))
            {
                Problem($"{key}.github", $"'{repo}' is not true or OWNER/NAME.");
                return ChecksumSpec.None;
            }

            var tag = c.Tag is null ? null : Template(c.Tag, $"{key}.tag", checksum: false, url: false);
            return new ChecksumSpec { Kind = ChecksumKind.GitHub, Repository = repo, Tag = tag };
        }

        var pinned = new List<(string, string?, string)>();
        for (var i = 0; i < c.Pinned!.Count; i++)
        {
            var p = c.Pinned[i];
            var at = $"{key}.pinned[{i}]";
            var version = Required(p.Version, $"{at}.version");
            if (p.Arch is not null && !SystemdArches.Contains(p.Arch))
            {
                Problem($"{at}.arch", $"'{p.Arch}' is not {string.Join(" or ", SystemdArches)}.");
            }

            var sha = Required(p.Sha256, $"{at}.sha256");
            if (sha.Length > 0 && !Fetch.Digest.TryParse("sha256:" + sha, out _))
            {
                Problem($"{at}.sha256", $"'{sha}' is not 64 lower-case hex digits.");
            }

            pinned.Add((version, p.Arch, sha));
        }

        return new ChecksumSpec { Kind = ChecksumKind.Pinned, Pinned = pinned };
    }

    /// <summary>An OpenPGP detached signature: its URL template, the key's, and the pinned fingerprints.</summary>
    private ChecksumSpec SignatureChecksum(ChecksumDocument c, string key)
    {
        var signature = Template(c.Signature!, $"{key}.signature", checksum: true, url: true);
        UrlTemplate? keyUrl = null;
        if (c.Key is null)
        {
            Problem($"{key}.key", "a signature checksum needs the URL of the signer's public key file.");
        }
        else
        {
            keyUrl = Template(c.Key, $"{key}.key", checksum: true, url: true);
        }

        var fingerprints = new List<string>();
        for (var i = 0; i < (c.Fingerprints?.Count ?? 0); i++)
        {
            var fingerprint = c.Fingerprints![i].Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
            if (fingerprint.Length != 40 || !fingerprint.All(char.IsAsciiHexDigit))
            {
                Problem($"{key}.fingerprints[{i}]", $"'{c.Fingerprints[i]}' is not a v4 key fingerprint (40 hex digits).");
            }

            fingerprints.Add(fingerprint);
        }

        return new ChecksumSpec { Kind = ChecksumKind.Signature, Template = signature, Key = keyUrl, Fingerprints = fingerprints };
    }

    /// <summary>The globs of <c>packages</c>: each a path pattern, on an artifact that is an archive of files.</summary>
    private List<Glob> Packages(List<string>? patterns, ArchiveFormat format, string key)
    {
        var result = new List<Glob>();
        if (patterns is null)
        {
            return result;
        }

        if (patterns.Count == 0)
        {
            Problem(key, "the list is empty: name the packages (.deb, .rpm) to unpack, or leave the key out.");
        }

        if (format is ArchiveFormat.Binary or ArchiveFormat.Gzip or ArchiveFormat.Deb or ArchiveFormat.Rpm)
        {
            Problem(key, $"needs an archive of files (tar, zip or auto), but the artifact's format is {ArchiveFormats.NameOf(format)}.");
        }

        for (var i = 0; i < patterns.Count; i++)
        {
            var at = $"{key}[{i}]";
            if (string.IsNullOrEmpty(patterns[i]))
            {
                Problem(at, "is empty: give a glob naming packages in the archive ('*/tool_*.deb').");
            }
            else if (Glob.TryParse(patterns[i], out var problem) is { } glob)
            {
                result.Add(glob);
            }
            else
            {
                Problem(at, problem!);
            }
        }

        return result;
    }

    private List<InstallRule>? Install(List<InstallRuleDocument>? rules, string key)
    {
        if (rules is null)
        {
            return null;
        }

        var result = new List<InstallRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var at = $"{key}[{i}]";
            var from = Glob.TryParse(Required(r.From, $"{at}.from"), out var globProblem);
            if (from is null && r.From is not null)
            {
                Problem($"{at}.from", globProblem!);
            }

            var to = Required(r.To, $"{at}.to");
            if (to.Length > 0)
            {
                ExtensionPath(to, $"{at}.to");
            }

            var mode = Mode(r.Mode, $"{at}.mode");
            if (from is not null && to.Length > 0)
            {
                result.Add(new InstallRule(from, to, mode, r.Optional ?? false));
            }
        }

        return result;
    }

    private List<UnitSpec> Units(List<UnitDocument>? units)
    {
        var result = new List<UnitSpec>();
        for (var i = 0; i < (units?.Count ?? 0); i++)
        {
            var u = units![i];
            var key = $"units[{i}]";
            var name = Required(u.Name, $"{key}.name");
            // The Upholds= drop-in of an enabled unit names it: it must be a name systemd takes (one '@', not first).
            if (name.Length > 0 && !(UnitName().IsMatch(name) && Flix.Sysext.Units.UnitFileNames.IsValidUnitName(name)))
            {
                Problem($"{key}.name", $"'{name}' is not a unit name (NAME.service, .socket, .timer, .path, .mount, .target).");
            }

            var dropins = new List<(string, string)>();
            foreach (var (file, content) in u.Dropins ?? [])
            {
                if (!file.EndsWith(".conf", StringComparison.Ordinal) || file.Contains('/'))
                {
                    // systemd reads only *.conf in a .d folder: a drop-in named otherwise is silently ignored.
                    Problem($"{key}.dropins.{file}", "a drop-in is a file name ending in .conf; systemd ignores any other.");
                }

                dropins.Add((file, content ?? string.Empty));
            }

            if (u.Content is null && dropins.Count == 0 && u.Enable is not true)
            {
                Problem(key, "ships nothing: give content, dropins or enable.");
            }

            result.Add(new UnitSpec(name, u.Content, dropins, u.Enable ?? false));
        }

        return result;
    }

    private List<ShippedFile> Files(List<ShippedFileDocument>? files)
    {
        var result = new List<ShippedFile>();
        for (var i = 0; i < (files?.Count ?? 0); i++)
        {
            var f = files![i];
            var key = $"files[{i}]";
            var path = Required(f.Path, $"{key}.path");
            if (path.Length > 0)
            {
                ExtensionPath(path, $"{key}.path");
            }

            result.Add(new ShippedFile(path, Required(f.Content, $"{key}.content"), Mode(f.Mode, $"{key}.mode") ?? 0x1A4));
        }

        return result;
    }

    private List<ShippedLink> Links(List<LinkDocument>? links)
    {
        var result = new List<ShippedLink>();
        for (var i = 0; i < (links?.Count ?? 0); i++)
        {
            var key = $"links[{i}]";
            var path = Required(links![i].Path, $"{key}.path");
            if (path.Length > 0)
            {
                ExtensionPath(path, $"{key}.path");
            }

            result.Add(new ShippedLink(path, Required(links[i].Target, $"{key}.target")));
        }

        return result;
    }

    private List<EtcFile> Etc(List<EtcFileDocument>? files)
    {
        var result = new List<EtcFile>();
        for (var i = 0; i < (files?.Count ?? 0); i++)
        {
            var e = files![i];
            var key = $"etc[{i}]";
            var path = Required(e.Path, $"{key}.path");
            if (path.Length > 0 && (!path.StartsWith("/etc/", StringComparison.Ordinal) || path.Split('/').Any(p => p is ".." or ".")))
            {
                Problem($"{key}.path", $"'{path}' is not a path below /etc.");
            }

            if ((e.Content is null) == (e.Source is null))
            {
                Problem(key, "give exactly one of content and source.");
            }

            if (e.Source is not null)
            {
                ExtensionPath(e.Source, $"{key}.source");
            }

            result.Add(new EtcFile(path, e.Content, e.Source));
        }

        return result;
    }

    private ImageBuild? Build(ImageBuildDocument b)
    {
        var image = Required(b.Image, "build.image");
        ImageBuildMode mode = ImageBuildMode.Flix;
        if (b.Mode is not null && !Enum.TryParse(b.Mode, ignoreCase: true, out mode))
        {
            Problem("build.mode", $"'{b.Mode}' is not flix or flatwrap.");
        }

        if (b.Packages is not { Count: > 0 })
        {
            Problem("build.packages", "missing: the packages to install.");
        }

        foreach (var (package, i) in (b.Packages ?? []).Select((p, i) => (p, i)))
        {
            if (Flix.Install.PackageManagers.PackageManager.ValidatePackageName(package) is { } bad)
            {
                Problem($"build.packages[{i}]", bad);
            }
        }

        if (b.Package is not null && !(b.Packages ?? []).Contains(b.Package, StringComparer.Ordinal))
        {
            Problem("build.package", $"'{b.Package}' is not one of the packages installed ({string.Join(", ", b.Packages ?? [])}).");
        }

        var main = b.Package ?? (b.Packages is { Count: > 0 } listed ? listed[0] : string.Empty);
        foreach (var (package, i) in (b.EntryPackages ?? []).Select((p, i) => (p, i)))
        {
            if (!(b.Packages ?? []).Contains(package, StringComparer.Ordinal))
            {
                Problem($"build.entry_packages[{i}]", $"'{package}' is not one of the packages installed ({string.Join(", ", b.Packages ?? [])}).");
            }
        }

        if (b.EntryPackages is not null && !b.EntryPackages.Contains(main, StringComparer.Ordinal))
        {
            Problem("build.entry_packages", $"misses the package '{main}' (build.package, or the first of build.packages): its main service and version are the extension's.");
        }

        foreach (var (path, i) in (b.Paths ?? []).Select((p, i) => (p, i)))
        {
            if (!path.StartsWith('/'))
            {
                Problem($"build.paths[{i}]", $"'{path}' is not an absolute path (or SRC:TARGET).");
            }
            else if (path.Replace("{arch}", string.Empty, StringComparison.Ordinal).IndexOfAny(['{', '}']) >= 0)
            {
                Problem($"build.paths[{i}]", $"'{path}' names a variable other than {{arch}} (the recipe's name of the architecture built).");
            }
        }

        foreach (var (unit, i) in (b.Enable ?? []).Select((u, i) => (u, i)))
        {
            if (!Flix.Sysext.Units.UnitFileNames.IsValidUnitName(unit))
            {
                Problem($"build.enable[{i}]", $"'{unit}' is not a unit name systemd accepts (e.g. chrony.service).");
            }
        }

        var etc = Mapping(b.Etc, "build.etc", mode);
        var var = Mapping(b.Var, "build.var", mode);
        return image.Length == 0 ? null : new ImageBuild(image, mode, b.Packages ?? [], b.Paths ?? [])
        {
            Package = main,
            MorePackages = [.. (b.EntryPackages ?? []).Where(p => p != main).Distinct(StringComparer.Ordinal)],
            Enable = b.Enable ?? [],
            NoEnable = b.Enable is { Count: 0 },
            EtcFromHost = etc,
            VarFromHost = var,
        };
    }

    /// <summary>A Flatwrap folder mapping: true for <c>host</c> (also when absent), false for <c>chroot</c>.</summary>
    private bool Mapping(string? text, string key, ImageBuildMode mode)
    {
        if (text is null)
        {
            return true;
        }

        if (mode != ImageBuildMode.Flatwrap)
        {
            Problem(key, "only a flatwrap build maps /etc and /var; Flix mode always uses the host's.");
        }
        else if (text is not ("host" or "chroot"))
        {
            Problem(key, $"'{text}' is not host or chroot.");
        }

        return text != "chroot";
    }

    private UrlTemplate? Template(string text, string key, bool checksum, bool url)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var template = UrlTemplate.TryParse(text, out var problem);
        if (template is null)
        {
            Problem(key, $"bad URL template: {problem}");
            return null;
        }

        foreach (var variable in template.Variables)
        {
            if (!_variables.Contains(variable) && !(checksum && TemplateVariables.ChecksumOnly.Contains(variable)))
            {
                var known = checksum ? _variables.Concat(TemplateVariables.ChecksumOnly) : _variables;
                Problem(key, $"bad URL template: {{{variable}}} is not a variable; known: {string.Join(", ", known.Select(v => "{" + v + "}"))}.");
            }
        }

        // A template that starts with a variable ({url}.sha256) gets its scheme from it.
        if (url && !text.StartsWith('{'))
        {
            var scheme = text.IndexOf("://", StringComparison.Ordinal) is var s and > 0 ? text[..s] : string.Empty;
            if (!Schemes.Contains(scheme))
            {
                Problem(key, $"bad URL template: '{text}' does not start with one of {string.Join(", ", Schemes.Select(x => x + "://"))}.");
            }
        }

        return template;
    }

    private SemVersionRange? Range(string? text, string key)
    {
        if (text is null)
        {
            return null;
        }

        if (SemVersionRange.TryParse(text, SemVersionRangeOptions.Loose, out var range))
        {
            return range;
        }

        Problem(key, $"'{text}' is not a version range (such as '>=0.14.0' or '<2.0.0').");
        return null;
    }

    private Regex? Regex(string? text, string key)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            Problem(key, $"'{text}' is not a regular expression: {e.Message}");
            return null;
        }
    }

    private uint? Mode(string? text, string key)
    {
        if (text is null)
        {
            return null;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) && text.All(c => c is >= '0' and <= '7') && text.Length is >= 3 and <= 4)
        {
            return Convert.ToUInt32(text, 8);
        }

        Problem(key, $"'{text}' is not an octal mode such as \"0755\".");
        return null;
    }

    private void ExtensionPath(string path, string key)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!path.StartsWith('/') || parts.Any(p => p is "." or "..") || parts.Length < 2 || parts[0] is not ("usr" or "opt"))
        {
            Problem(key, $"'{path}' is not a path in the extension: it must be absolute and below /usr or /opt.");
        }
        else if (parts[0] == "usr" && parts[1] == "sbin")
        {
            Problem(key, $"'{path}' is in usr/sbin, which on Flatcar is a link to bin: shipping it breaks the host; use /usr/bin.");
        }
    }

    private void HttpUrl(string url, string key)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Problem(key, $"'{url}' is not an http(s) URL.");
        }
    }

    private string Required(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Problem(key, "missing.");
            return string.Empty;
        }

        return value;
    }

    private RecipeSysupdate Sysupdate(SysupdateDocument? sysupdate)
    {
        var onUpdate = Sysext.Deploy.SysupdateOnUpdate.Refresh;
        switch (sysupdate?.OnUpdate)
        {
            case null or "refresh":
                break;
            case "reboot":
                onUpdate = Sysext.Deploy.SysupdateOnUpdate.RebootRequired;
                break;
            default:
                Problem("sysupdate.on_update", $"'{sysupdate.OnUpdate}' is not refresh or reboot.");
                break;
        }

        return new RecipeSysupdate(sysupdate?.MinorPinned ?? false, onUpdate);
    }

    private void Problem(string key, string message) => _problems.Add(new RecipeFormatException(_file, _lines.LineOf(key), key, message));

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex GitHubRepository();

    [GeneratedRegex(@"^[A-Za-z0-9:_.@\\-]+\.(service|socket|timer|path|mount|target)$")]
    private static partial Regex UnitName();
}
