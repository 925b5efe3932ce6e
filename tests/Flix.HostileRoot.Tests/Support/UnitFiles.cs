namespace Flix.HostileRoot.Tests.Support;

/// <summary>
/// The unit files of the corpus, shared by its Flix mode and Flatwrap halves: a service whose Exec lines hold
/// several commands split by a lone <c>;</c>, prefixes, quotes, <c>%%</c> and <c>\x5c</c>/<c>\\</c> escapes naming
/// shipped programs and continuation lines with comments between them, and the exact text both modes must make of it
/// (every program in /usr/sbin lands in the extension's /usr/bin).
/// </summary>
public static class UnitFiles
{
    /// <summary>The folder of the image's units.</summary>
    public const string Folder = "/usr/lib/systemd/system";

    /// <summary>The service of the rewriting rows.</summary>
    public const string Service = Folder + "/hostile.service";

    /// <summary>The shipped programs the service runs, as the image has them; each is a copy of the corpus program.</summary>
    public static readonly string[] Programs = ["/usr/sbin/progd", "/usr/sbin/100%d", "/usr/sbin/back\\slash"];

    public const string Text = """
        [Unit]
        Description=hostile
        ConditionFileIsExecutable=/usr/sbin/progd

        [Service]
        ExecStartPre=/usr/sbin/progd one ; -/usr/sbin/progd two \; three ; @/usr/sbin/progd argv0 four
        ExecStart=-@:+/usr/sbin/pro\x67d "quoted arg" ; !!"/usr/sbin/progd" 'single'
        ExecStartPost=/usr/sbin/100%%d ; /usr/sbin/back\\slash ; "/usr/sbin/back\x5cslash"
        ExecReload=/usr/sbin/progd \
        # a comment between
        ; and another
          --reload ; \
          +/usr/sbin/progd again
        ExecStop=/usr/bin/host-only ; /usr/sbin/progd stop

        """;

    public const string Rewritten = """
        [Unit]
        Description=hostile
        ConditionFileIsExecutable=/usr/bin/progd

        [Service]
        ExecStartPre=/usr/bin/progd one ; -/usr/bin/progd two \; three ; @/usr/bin/progd argv0 four
        ExecStart=-@:+/usr/bin/progd "quoted arg" ; !!/usr/bin/progd 'single'
        ExecStartPost=/usr/bin/100%%d ; "/usr/bin/back\\slash" ; "/usr/bin/back\\slash"
        ExecReload=/usr/bin/progd \
        # a comment between
        ; and another
          --reload ; \
          +/usr/bin/progd again
        ExecStop=/usr/bin/host-only ; /usr/bin/progd stop

        """;

    /// <summary>A drop-in that empties ExecStart= and sets it anew, with a continuation line.</summary>
    public const string DropIn = "[Service]\nExecStart=\nExecStart=/usr/sbin/progd \\\n  --from-drop-in ; /usr/sbin/100%%d\n";

    public const string DropInRewritten = "[Service]\nExecStart=\nExecStart=/usr/bin/progd \\\n  --from-drop-in ; /usr/bin/100%%d\n";

    /// <summary>Unit names a shell, a terminal or an option parser would take for something else.</summary>
    public static readonly string[] HostileNames =
        ["-rf.service", "--help.service", "a b.service", "$(touch pwned).service", "`id`.service", "'\".service", "x\ny.service", "\u001b]0;t\u0007.service", "foo\\x2dbar@.service"];

    /// <summary>Writes the shipped programs and the service (<paramref name="text"/>) into <paramref name="root"/>.</summary>
    public static void Arrange(HostileTree root, string text = Text)
    {
        foreach (var program in Programs)
        {
            root.Write(program, root.Read("/usr/bin/prog"), 0x1ED);
        }

        root.Write(Service, text);
    }

    /// <summary>The entry points of the programs and of <paramref name="units"/>.</summary>
    public static string[] Entries(params string[] units) => [.. Programs, .. units];
}
