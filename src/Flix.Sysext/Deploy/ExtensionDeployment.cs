namespace Flix.Sysext.Deploy;

/// <summary>
/// How a host gets and keeps one extension image, the bakery's way: the image downloaded into /opt/extensions/NAME/
/// (checked against its hash), /etc/extensions/NAME.raw linked to it, the transfer files in /etc/sysupdate.NAME.d/,
/// noop.conf in /etc/sysupdate.d/, systemd-sysupdate.timer enabled and a systemd-sysupdate.service drop-in that
/// updates the component and refreshes (or asks for a reboot) when the link changed.
/// </summary>
public sealed record ExtensionDeployment
{
    public required string Name { get; init; }

    /// <summary>The image file name, NAME-VERSION-ARCH.raw.</summary>
    public required string ImageFileName { get; init; }

    /// <summary>The image's SHA-256 in hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The transfers installed for the component NAME (the minor-pinned one alone when there is one).</summary>
    public required IReadOnlyList<SysupdateTransferFile> Transfers { get; init; }

    public SysupdateOnUpdate OnUpdate { get; init; } = SysupdateOnUpdate.Refresh;

    public string ImagePath => $"/opt/extensions/{Name}/{ImageFileName}";

    public string LinkPath => $"/etc/extensions/{Name}.raw";

    /// <summary>The folder of the component's transfers on the host.</summary>
    public string TransferFolder => $"/etc/sysupdate.{Name}.d";

    /// <summary>Where the image is downloaded from: the transfers' source folder and the file name.</summary>
    public string ImageUrl
    {
        get
        {
            string folder = Transfers.Count > 0 ? Transfers[0].EffectiveSourceUrl : SysupdateTransferFile.DefaultBaseUrl + Name + "/";
            return (folder.EndsWith('/') ? folder : folder + "/") + ImageFileName;
        }
    }

    /// <summary>The verification.hash of the image as Butane and Ignition take it.</summary>
    public string Hash => "sha256-" + Sha256;

    public ButaneConfig ToButane()
    {
        var files = new List<ButaneFile> { new() { Path = ImagePath, Source = ImageUrl, Hash = Hash } };
        files.AddRange(Transfers.Select(t => new ButaneFile { Path = $"{TransferFolder}/{t.FileName}", Inline = t.Render() }));
        files.Add(new ButaneFile { Path = NoopTransferFile.HostPath, Inline = NoopTransferFile.Render() });
        return new ButaneConfig
        {
            Files = files,
            Links = [new ButaneLink(LinkPath, ImagePath)],
            Units =
            [
                new ButaneUnit { Name = "systemd-sysupdate.timer", Enabled = true },
                new ButaneUnit { Name = "systemd-sysupdate.service", DropIns = [new ButaneDropIn(Name + ".conf", DropIn())] },
            ],
        };
    }

    /// <summary>The systemd-sysupdate.service drop-in: remember the link, update the component, act when it moved.</summary>
    public string DropIn()
    {
        string before = $"/tmp/sysupdate-{Name}"; // /tmp as in the bakery's docs: the service may write there
        string action = OnUpdate == SysupdateOnUpdate.RebootRequired ? "touch /run/reboot-required" : "systemd-sysext refresh";
        return "[Service]\n"
            + $"ExecStartPre=/usr/bin/sh -c \"readlink --canonicalize {LinkPath} > {before}\"\n"
            + $"ExecStartPre=/usr/lib/systemd/systemd-sysupdate -C {Name} update\n"
            + $"ExecStartPost=/usr/bin/sh -c \"readlink --canonicalize {LinkPath} > {before}-new\"\n"
            + $"ExecStartPost=/usr/bin/sh -c \"if ! cmp --silent {before} {before}-new; then {action}; fi\"\n";
    }
}
