using System.Text;
using Flix.Core.Tree;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// nvidia-runtime: the release's nvidia-container-toolkit_X.Y.Z_deb_ARCH.tar.gz holds
/// release-vX.Y.Z-stable/packages/ubuntu18.04/ARCH/*_X.Y.Z-1_ARCH.deb (real .debs made by dpkg-deb, shaped like
/// upstream's packaging: the -dev, -dbg and operator-extensions packages too), and nvidia-container-toolkit_X.Y.Z_
/// checksums.txt lists each tarball by its path below the release folder. nvidia-container-cli is a real program
/// linking a stand-in libnvidia-container.so.1, so the merged image shows the library where the program finds it.
/// </summary>
public sealed class NvidiaRuntimeUpstream : UpstreamRelease
{
    private const string Numbers = "1.20.0";
    private const string Release = "https://github.com/NVIDIA/nvidia-container-toolkit/releases/download/v1.20.0/";

    public override string Recipe => "nvidia-runtime";

    public override string Version => "v" + Numbers;

    public override IReadOnlyList<string> Programs =>
        ["nvidia-container-runtime", "nvidia-container-runtime-hook", "nvidia-ctk", "nvidia-cdi-hook"];

    public override IReadOnlyList<string> Units =>
        ["nvidia-cdi-refresh.service", "nvidia-cdi-refresh.path", "containerd.service.d/10-nvidia.conf", "docker.service.d/10-nvidia.conf"];

    public override IReadOnlyList<string> OtherFiles =>
    [
        "usr/bin/nvidia-container-cli",
        "usr/lib64/libnvidia-container.so.1",
        "usr/lib64/libnvidia-container.so.1.20.0",
        "usr/lib64/libnvidia-container-go.so.1",
        "usr/share/nvidia-container-toolkit/containerd-config.toml",
        "usr/share/nvidia-runtime/etc/nvidia-container-runtime/config.toml",
        "usr/share/nvidia-runtime/nvidia-cdi-refresh.env",
        "usr/lib/tmpfiles.d/nvidia-runtime.conf",
    ];

    /// <summary>
    /// Flatcar's loader searches /usr/lib64 by default and this host's does not, so nvidia-container-cli runs with
    /// Flatcar's default folders given to the loader (and its cache left out): it must find libnvidia-container.so.1
    /// through the link the package ships. The hook's old name runs the hook. The packages not wanted must have left nothing, the tmpfiles lines must
    /// name files the extension holds, and the drop-ins must point at the shipped runtime and configuration.
    /// </summary>
    public override string? MergedCheck => """
        set -e
        loader=$(ls /lib64/ld-linux-x86-64.so.2)
        out=$("$loader" --inhibit-cache --library-path /lib64:/usr/lib64 /usr/bin/nvidia-container-cli)
        case $out in *"libnvidia-container 1.20.0 (stand-in)"*) ;; *) echo "nvidia-container-cli printed: $out"; exit 1 ;; esac
        /usr/bin/nvidia-container-toolkit | grep -q 'nvidia-container-runtime-hook v1.20.0 (stand-in)'
        for absent in /usr/bin/nvidia-container-runtime.cdi /usr/bin/nvidia-container-runtime.legacy /usr/include/nvc.h /usr/lib/debug/usr/lib/x86_64-linux-gnu/libnvidia-container.so.1.20.0 /usr/lib/x86_64-linux-gnu/libnvidia-container.so.1; do
          [ ! -e "$absent" ] || { echo "$absent is shipped"; exit 1; }
        done
        while read -r type path mode user group age source; do
          [ "$type" = C ] && [ -f "$source" ] || { echo "tmpfiles line '$type $path … $source' copies nothing"; exit 1; }
        done < /usr/lib/tmpfiles.d/nvidia-runtime.conf
        config=$(sed -n 's/^Environment=CONTAINERD_CONFIG=//p' /usr/lib/systemd/system/containerd.service.d/10-nvidia.conf)
        grep -q 'BinaryName = "/usr/bin/nvidia-container-runtime"' "$config"
        grep -q 'default_runtime_name = "nvidia"' "$config"
        grep -q 'add-runtime=nvidia=/usr/bin/nvidia-container-runtime' /usr/lib/systemd/system/docker.service.d/10-nvidia.conf
        """;

    public override void Publish(ReleaseFiles files)
    {
        var folder = $"release-{Version}-stable/packages/ubuntu18.04/amd64/";
        var (library, cli) = BuildCli();
        var debs = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [folder + $"libnvidia-container1_{Numbers}-1_amd64.deb"] = DebPackages.Build("libnvidia-container1", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                [$"usr/lib/x86_64-linux-gnu/libnvidia-container.so.{Numbers}"] = library,
                [$"usr/lib/x86_64-linux-gnu/libnvidia-container-go.so.{Numbers}"] = Text("libnvidia-container-go (stand-in)\n"),
                ["usr/share/doc/libnvidia-container1/copyright"] = Text("stand-in\n"),
            }, new Dictionary<string, string>
            {
                ["usr/lib/x86_64-linux-gnu/libnvidia-container.so.1"] = $"libnvidia-container.so.{Numbers}",
                ["usr/lib/x86_64-linux-gnu/libnvidia-container-go.so.1"] = $"libnvidia-container-go.so.{Numbers}",
            }),
            [folder + $"libnvidia-container-tools_{Numbers}-1_amd64.deb"] = DebPackages.Build("libnvidia-container-tools", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                ["usr/bin/nvidia-container-cli"] = cli,
                ["usr/share/doc/libnvidia-container-tools/copyright"] = Text("stand-in\n"),
            }),
            [folder + $"libnvidia-container-dev_{Numbers}-1_amd64.deb"] = DebPackages.Build("libnvidia-container-dev", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                ["usr/include/nvc.h"] = Text("/* stand-in */\n"),
            }, new Dictionary<string, string> { ["usr/lib/x86_64-linux-gnu/libnvidia-container.so"] = "libnvidia-container.so.1" }),
            [folder + $"libnvidia-container1-dbg_{Numbers}-1_amd64.deb"] = DebPackages.Build("libnvidia-container1-dbg", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                [$"usr/lib/debug/usr/lib/x86_64-linux-gnu/libnvidia-container.so.{Numbers}"] = Text("debug symbols (stand-in)\n"),
            }),
            [folder + $"nvidia-container-toolkit-base_{Numbers}-1_amd64.deb"] = DebPackages.Build("nvidia-container-toolkit-base", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                ["usr/bin/nvidia-container-runtime"] = Program("nvidia-container-runtime"),
                ["usr/bin/nvidia-ctk"] = Program("nvidia-ctk"),
                ["usr/bin/nvidia-cdi-hook"] = Program("nvidia-cdi-hook"),
                ["lib/systemd/system/nvidia-cdi-refresh.service"] = Text(RefreshService),
                ["lib/systemd/system/nvidia-cdi-refresh.path"] = Text(RefreshPath),
                ["etc/nvidia-container-toolkit/nvidia-cdi-refresh.env"] = Text("# NVIDIA_CTK_CDI_OUTPUT_FILE_PATH=/var/run/cdi/nvidia.yaml\n"),
                ["usr/share/doc/nvidia-container-toolkit-base/copyright"] = Text("stand-in\n"),
            }),
            [folder + $"nvidia-container-toolkit_{Numbers}-1_amd64.deb"] = DebPackages.Build("nvidia-container-toolkit", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                ["usr/bin/nvidia-container-runtime-hook"] = Program("nvidia-container-runtime-hook"),
                ["usr/share/doc/nvidia-container-toolkit/copyright"] = Text("stand-in\n"),
            }),
            [folder + $"nvidia-container-toolkit-operator-extensions_{Numbers}-1_amd64.deb"] = DebPackages.Build("nvidia-container-toolkit-operator-extensions", Numbers + "-1", "amd64", new Dictionary<string, byte[]>
            {
                ["usr/bin/nvidia-container-runtime.cdi"] = Program("nvidia-container-runtime.cdi"),
                ["usr/bin/nvidia-container-runtime.legacy"] = Program("nvidia-container-runtime.legacy"),
            }),
        };
        var amd64 = Release + $"nvidia-container-toolkit_{Numbers}_deb_amd64.tar.gz";
        files.Put(amd64, DebPackages.Tarball(debs));
        var arm64 = Release + $"nvidia-container-toolkit_{Numbers}_deb_arm64.tar.gz";
        files.Put(arm64, DebPackages.Tarball(new Dictionary<string, byte[]> { [$"release-{Version}-stable/packages/ubuntu18.04/arm64/README"] = Text("arm64\n") }));

        // prepare-artifacts.sh hashes each tarball by its path below the release folder.
        files.Put(Release + $"nvidia-container-toolkit_{Numbers}_checksums.txt", string.Concat(new[] { amd64, arm64 }.Select(url =>
            $"{files.Sha256(url)}  release-{Version}-stable/{ReleaseFiles.FileName(url)}\n")));
    }

    private const string RefreshService = """
        [Unit]
        Description=Refresh NVIDIA CDI specification file (stand-in)
        ConditionPathExists=|/usr/bin/nvidia-smi
        ConditionPathExists=/usr/bin/nvidia-ctk

        [Service]
        Type=oneshot
        Environment=NVIDIA_CTK_CDI_OUTPUT_FILE_PATH=/var/run/cdi/nvidia.yaml
        EnvironmentFile=-/etc/nvidia-container-toolkit/nvidia-cdi-refresh.env
        ExecCondition=/bin/sh -c '/usr/bin/grep -qE "/nvidia[.]ko" /lib/modules/%v/modules.dep'
        ExecStart=/usr/bin/nvidia-ctk cdi generate
        Restart=on-failure

        [Install]
        WantedBy=multi-user.target

        """;

    private const string RefreshPath = """
        [Unit]
        Description=Trigger CDI refresh (stand-in)

        [Path]
        PathChanged=/lib/modules/%v/modules.dep
        PathChanged=/usr/bin/nvidia-ctk

        [Install]
        WantedBy=multi-user.target

        """;

    private byte[] Program(string name) => Text(ReleaseFiles.StandIn(name, Version));

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>libnvidia-container.so.VERSION (soname libnvidia-container.so.1) and nvidia-container-cli linking it, built by gcc.</summary>
    private static (byte[] Library, byte[] Cli) BuildCli()
    {
        HostTools.Require("gcc");
        var folder = Directory.CreateTempSubdirectory("flix-upstream-nvidia-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "nvc.c"), "const char *nvc_version(void) { return \"libnvidia-container " + Numbers + " (stand-in)\"; }\n");
            File.WriteAllText(Path.Combine(folder, "cli.c"), "#include <stdio.h>\nconst char *nvc_version(void);\nint main(void) { puts(nvc_version()); return 0; }\n");
            var library = Path.Combine(folder, $"libnvidia-container.so.{Numbers}");
            ProcessRunner.RunCheckedAsync("gcc", ["-shared", "-fPIC", "-Wl,-soname,libnvidia-container.so.1", "-o", library, Path.Combine(folder, "nvc.c")]).GetAwaiter().GetResult();
            File.CreateSymbolicLink(Path.Combine(folder, "libnvidia-container.so"), Path.GetFileName(library));
            var cli = Path.Combine(folder, "nvidia-container-cli");
            ProcessRunner.RunCheckedAsync("gcc", ["-o", cli, Path.Combine(folder, "cli.c"), "-L" + folder, "-lnvidia-container"]).GetAwaiter().GetResult();
            return (File.ReadAllBytes(library), File.ReadAllBytes(cli));
        }
        finally
        {
            TreeRemover.Delete(folder);
        }
    }
}
