using Flix.Core.Tree;
using Flix.Sysext.Units;
using static Flix.TestSupport.Trees.HostTrees;

namespace Flix.Sysext.Tests;

public sealed class ExtensionUnitsTests
{
    private const string System = "usr/lib/systemd/system";

    [Fact]
    public void Drop_ins_and_links_enable_units_and_install_sections_do_not()
    {
        var tree = new FileTree();
        tree.Add($"{System}/web.service", Text("[Unit]\nDescription=web\n[Service]\nExecStart=/usr/bin/web\n"));
        tree.Add($"{System}/web.socket", Text("[Socket]\nListenStream=80\n"));
        tree.Add($"{System}/cleanup.timer", Text("[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n"));
        tree.Add($"{System}/worker@.service", Text("[Service]\nExecStart=/usr/bin/worker %i\n"));
        tree.Add($"{System}/multi-user.target.d/10-web.conf", Text("# enable web\n[Unit]\nUpholds=web.service \\\n  worker@1.service\nWants=docker.service\n"));
        tree.Add($"{System}/multi-user.target.d/20-reset.conf", Text("[Unit]\nWants=gone.service\nWants=\nWants=kept.service\n"));
        tree.Add($"{System}/sockets.target.wants/web.socket", TreeNode.CreateSymlink("../web.socket"));
        tree.Add($"{System}/multi-user.target.d/README", Text("[Unit]\nWants=ignored.service\n"));

        var units = ExtensionUnits.Scan(tree);

        Assert.Equal(["cleanup.timer", "web.service", "web.socket", "worker@.service"], units.Units.Select(u => u.Name));
        var web = units.Units.Single(u => u.Name == "web.service");
        Assert.Equal(("multi-user.target", "Upholds", $"{System}/multi-user.target.d/10-web.conf"), (web.EnabledBy[0].By, web.EnabledBy[0].Dependency, web.EnabledBy[0].Source));
        Assert.Equal("sockets.target", units.Units.Single(u => u.Name == "web.socket").EnabledBy.Single().By);
        Assert.Equal("worker@1.service", units.Units.Single(u => u.Name == "worker@.service").EnabledBy.Single().Unit);
        var timer = units.Units.Single(u => u.Name == "cleanup.timer");
        Assert.Empty(timer.EnabledBy);
        Assert.Equal(["timers.target"], timer.InstallTargets);
        Assert.Equal(["docker.service", "kept.service"], units.EnabledElsewhere.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_tree_without_units_has_none()
    {
        var tree = new FileTree();
        tree.Add("usr/bin/tool", Text("x"));

        var units = ExtensionUnits.Scan(tree);

        Assert.Empty(units.Units);
        Assert.Empty(units.Enablements);
    }
}
