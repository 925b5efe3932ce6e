using Flix.Elf;
using Flix.Install.Sandbox;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Sandbox;

/// <summary>The decisions the sandbox makes before it runs anything: emulation, id maps, their messages.</summary>
public sealed class SandboxPlanningTests
{
    private static SandboxHost Host(string folder, uint uid = 1000, Version? kernel = null) => new()
    {
        UserId = uid,
        GroupId = uid,
        UserName = "builder",
        KernelVersion = kernel ?? new Version(6, 18),
        Machine = ElfMachine.X86_64,
        SubuidFile = Path.Combine(folder, "subuid"),
        SubgidFile = Path.Combine(folder, "subgid"),
        BinfmtFolder = Path.Combine(folder, "binfmt_misc"),
        SearchPath = Path.Combine(folder, "bin"),
    };

    [Fact]
    public void The_registration_line_is_qemus_aarch64_entry_with_the_F_flag()
    {
        var emulator = QemuEmulator.For(ElfMachine.AArch64)!;
        Assert.Equal(
            @":flix-qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:"
            + @"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:F",
            emulator.RegistrationLine("/usr/bin/qemu-aarch64-static"));
    }

    [Fact]
    public void A_foreign_image_uses_a_matching_host_entry_with_the_F_flag_else_a_private_one_else_says_what_to_install()
    {
        using var folder = new TempRoot();
        var host = Host(folder.Root);
        string rootfs = folder.PathOf("rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        var header = new byte[64];
        QemuEmulator.For(ElfMachine.AArch64)!.Magic.CopyTo(header, 0);
        File.WriteAllBytes(Path.Combine(rootfs, "bin/sh"), header);

        var missing = Assert.Throws<SandboxException>(() => EmulationPlanner.Plan(rootfs, host));
        Assert.Contains("install the package qemu-user-static", missing.Message, StringComparison.Ordinal);

        var old = Assert.Throws<SandboxException>(() => EmulationPlanner.Plan(rootfs, Host(folder.Root, kernel: new Version(6, 1))));
        Assert.Contains("older than 6.7", old.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(folder.PathOf("bin"));
        File.WriteAllText(folder.PathOf("bin/qemu-aarch64-static"), string.Empty);
        File.SetUnixFileMode(folder.PathOf("bin/qemu-aarch64-static"), (UnixFileMode)0b111_101_101);
        Assert.Equal(folder.PathOf("bin/qemu-aarch64-static"), EmulationPlanner.Plan(rootfs, host).PrivateRegistration!.Split(':')[^2]);

        Directory.CreateDirectory(folder.PathOf("binfmt_misc"));
        File.WriteAllText(folder.PathOf("binfmt_misc/status"), "enabled\n");
        string entry = "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: {0}\noffset 0\n"
            + "magic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n";
        File.WriteAllText(folder.PathOf("binfmt_misc/qemu-aarch64"), string.Format(entry, "POC"));
        Assert.True(EmulationPlanner.Plan(rootfs, host).NeedsPrivateBinfmt, "an entry without F runs an interpreter the image does not have");
        File.WriteAllText(folder.PathOf("binfmt_misc/qemu-aarch64"), string.Format(entry, "POCF"));
        Assert.Equal("qemu-aarch64", EmulationPlanner.Plan(rootfs, host).HostEntry);
    }

    [Fact]
    public void An_ordinary_user_maps_itself_to_root_and_its_ranges_after_it()
    {
        using var folder = new TempRoot();
        File.WriteAllText(folder.PathOf("subuid"), "# ranges\nother:100000:65536\nbuilder:200000:65536\n1000:400000:10\nbroken line\n");
        File.WriteAllText(folder.PathOf("subgid"), "builder:300000:65536\n");
        Directory.CreateDirectory(folder.PathOf("bin"));
        foreach (var tool in new[] { "newuidmap", "newgidmap" })
        {
            File.WriteAllText(folder.PathOf("bin/" + tool), string.Empty);
            File.SetUnixFileMode(folder.PathOf("bin/" + tool), (UnixFileMode)0b111_101_101);
        }

        var plan = IdMapPlan.For(Host(folder.Root), needsUserNamespace: false);

        Assert.True(plan.UserNamespace);
        Assert.Equal(["0", "1000", "1", "1", "200000", "65536", "65537", "400000", "10"], IdMapPlan.MapArguments(1000, plan.UserRanges));
        Assert.Equal(["0", "1000", "1", "1", "300000", "65536"], IdMapPlan.MapArguments(1000, plan.GroupRanges));
        Assert.False(IdMapPlan.For(Host(folder.Root, uid: 0), needsUserNamespace: false).UserNamespace);
        Assert.True(IdMapPlan.For(Host(folder.Root, uid: 0), needsUserNamespace: true).Identity);

        File.WriteAllText(folder.PathOf("subgid"), string.Empty);
        var missing = Assert.Throws<SandboxException>(() => IdMapPlan.For(Host(folder.Root), needsUserNamespace: false));
        Assert.Contains("builder (uid 1000) has no range in " + folder.PathOf("subgid"), missing.Message, StringComparison.Ordinal);
    }
}
