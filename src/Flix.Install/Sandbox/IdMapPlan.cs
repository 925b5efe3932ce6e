namespace Flix.Install.Sandbox;

/// <summary>
/// The user namespace of a sandbox run: none (root, programs of this machine), an identity map of every id (root with a
/// private binfmt_misc, which only a user namespace can have), or the caller as root plus its subordinate ranges (an
/// ordinary user, as rootless Podman maps them: inside id 0 is the caller, ids from 1 on are the ranges in order).
/// </summary>
public sealed record IdMapPlan
{
    private IdMapPlan(bool userNamespace, bool identity, IReadOnlyList<SubordinateIdRange> users, IReadOnlyList<SubordinateIdRange> groups)
    {
        UserNamespace = userNamespace;
        Identity = identity;
        UserRanges = users;
        GroupRanges = groups;
    }

    public bool UserNamespace { get; }

    /// <summary>Every id maps to itself (written by this root process directly).</summary>
    public bool Identity { get; }

    public IReadOnlyList<SubordinateIdRange> UserRanges { get; }

    public IReadOnlyList<SubordinateIdRange> GroupRanges { get; }

    /// <summary>How many ids the namespace has besides root (for the message when a package manager needs more).</summary>
    public long SubordinateUserCount => UserRanges.Sum(r => (long)r.Count);

    public static IdMapPlan None { get; } = new(false, false, [], []);

    public static IdMapPlan IdentityMap { get; } = new(true, true, [], []);

    /// <summary>The plan for <paramref name="host"/>; an ordinary user without subordinate ranges or newuidmap gets an error saying what is missing.</summary>
    public static IdMapPlan For(SandboxHost host, bool needsUserNamespace)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.IsRoot)
        {
            return needsUserNamespace ? IdentityMap : None;
        }

        string who = host.UserName is { } name ? $"{name} (uid {host.UserId})" : $"uid {host.UserId}";
        var users = SubordinateIdFile.Read(host.SubuidFile, host.UserName, host.UserId);
        var groups = SubordinateIdFile.Read(host.SubgidFile, host.UserName, host.UserId);
        var missing = new List<string>();
        if (users.Count == 0)
        {
            missing.Add(host.SubuidFile);
        }

        if (groups.Count == 0)
        {
            missing.Add(host.SubgidFile);
        }

        if (missing.Count > 0)
        {
            string user = host.UserName ?? host.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new SandboxException(
                $"Running commands in an image as an ordinary user needs subordinate ids, and {who} has no range in {string.Join(" and ", missing)}: "
                + $"package managers give files to other users and groups. Add one as root, e.g. 'usermod --add-subuids 100000-165535 --add-subgids 100000-165535 {user}', or run as root.");
        }

        foreach (var tool in new[] { "newuidmap", "newgidmap" })
        {
            if (host.Find(tool) is null)
            {
                throw new SandboxException($"Running commands in an image as an ordinary user needs {tool} to map the subordinate ids of {who}; install the package uidmap.");
            }
        }

        return new IdMapPlan(true, false, users, groups);
    }

    /// <summary>The arguments of newuidmap or newgidmap after the pid: <c>0 CALLER 1</c>, then each range from inside id 1 on.</summary>
    public static IReadOnlyList<string> MapArguments(uint caller, IReadOnlyList<SubordinateIdRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var arguments = new List<string> { "0", Text(caller), "1" };
        long inside = 1;
        foreach (var range in ranges)
        {
            long count = Math.Min(range.Count, uint.MaxValue - inside);
            if (count <= 0)
            {
                break;
            }

            arguments.AddRange([Text((uint)inside), Text(range.Start), Text((uint)count)]);
            inside += count;
        }

        return arguments;

        static string Text(uint value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
