using System.Globalization;
using System.Text.Json;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Oracles;

/// <summary>
/// The merge oracle: the host's own systemd-sysext merges an image for real, inside a private mount namespace
/// whose / is made rshared and whose /run is a fresh tmpfs (the host's /run is hidden on purpose), optionally
/// with an os-release bind-mounted over /etc/os-release and /usr/lib/os-release to stand in for another OS.
/// Then a program the extension ships is run. Nothing of it outlives the namespace.
/// </summary>
public static class SysextMergeOracle
{
    private const string Script = """
        image="$1"; name="$2"; program="$3"; out="$4"; osrelease="$5"
        mount --make-rshared / || exit 10
        mount -t tmpfs tmpfs /run || exit 11
        if [ -n "$osrelease" ]; then
          mount --bind "$osrelease" /etc/os-release || exit 12
          mount --bind "$osrelease" /usr/lib/os-release || exit 12
        fi
        mkdir -p /run/extensions || exit 13
        if [ -d "$image" ]; then cp -a "$image" "/run/extensions/$name" || exit 13
        else cp "$image" "/run/extensions/$name.raw" || exit 13; fi
        SYSTEMD_LOG_LEVEL=debug systemd-sysext merge > "$out.merge-out" 2> "$out.merge-log"
        echo $? > "$out.merge-rc"
        systemd-sysext status --json=short > "$out.status" 2>&1
        "$program" > "$out.program-out" 2> "$out.program-err"
        echo $? > "$out.program-rc"
        systemd-sysext unmerge > /dev/null 2>&1
        exit 0
        """;

    private static readonly string[] Suffixes = [".merge-out", ".merge-log", ".merge-rc", ".status", ".program-out", ".program-err", ".program-rc"];

    /// <summary>
    /// Merges <paramref name="image"/> as /run/extensions/<paramref name="name"/>.raw (a directory extension as
    /// /run/extensions/<paramref name="name"/>) and runs <paramref name="program"/>.
    /// <paramref name="osRelease"/> is the content of the os-release to stand in for the host's, or null for the real one.
    /// </summary>
    public static async Task<SysextMergeResult> MergeAndRunAsync(
        string image, string name, string program, string? osRelease, string scratchDirectory, CancellationToken ct = default)
    {
        string output = Path.Combine(scratchDirectory, "merge-" + Guid.NewGuid().ToString("N"));
        string osReleasePath = string.Empty;
        try
        {
            if (osRelease is not null)
            {
                osReleasePath = output + ".os-release";
                await File.WriteAllTextAsync(osReleasePath, osRelease, ct);
            }

            var result = await PrivateNamespace.RunAsync(Script, [image, name, program, output, osReleasePath], ct: ct);
            result.EnsureSuccess();
            string status = Read(".status");
            return new SysextMergeResult
            {
                MergeExitCode = int.Parse(Read(".merge-rc").Trim(), CultureInfo.InvariantCulture),
                MergeOutput = Read(".merge-out"),
                MergeLog = Read(".merge-log"),
                StatusJson = status,
                MergedExtensions = ParseStatus(status),
                ProgramExitCode = int.Parse(Read(".program-rc").Trim(), CultureInfo.InvariantCulture),
                ProgramOutput = Read(".program-out"),
                ProgramError = Read(".program-err"),
            };
        }
        finally
        {
            foreach (var suffix in Suffixes)
            {
                File.Delete(output + suffix);
            }

            if (osReleasePath.Length > 0)
            {
                File.Delete(osReleasePath);
            }
        }

        string Read(string suffix) => File.Exists(output + suffix) ? File.ReadAllText(output + suffix) : string.Empty;
    }

    /// <summary>
    /// Parses <c>systemd-sysext status --json=short</c>: an array of {"hierarchy", "extensions"} where
    /// extensions is an array of names or the string "none".
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ParseStatus(string json)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            string hierarchy = element.GetProperty("hierarchy").GetString() ?? string.Empty;
            var extensions = element.GetProperty("extensions");
            result[hierarchy] = extensions.ValueKind == JsonValueKind.Array
                ? extensions.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
                : [];
        }

        return result;
    }
}
