using System.Globalization;

namespace Flix.Sysext.Inspect;

/// <summary>
/// User and group names for numeric ids, read from an /etc/passwd and /etc/group (the host's by default), as
/// <c>unsquashfs -lls</c> shows owners; an id without a name stays a number.
/// </summary>
public sealed class AccountNames
{
    private readonly Dictionary<uint, string> _users;
    private readonly Dictionary<uint, string> _groups;

    public AccountNames(string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
    {
        _users = Read(passwdPath);
        _groups = Read(groupPath);
    }

    public string User(uint uid) => _users.TryGetValue(uid, out var name) ? name : uid.ToString(CultureInfo.InvariantCulture);

    public string Group(uint gid) => _groups.TryGetValue(gid, out var name) ? name : gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>name:x:id:… lines; the first name of an id wins, as getpwuid returns it.</summary>
    private static Dictionary<uint, string> Read(string path)
    {
        var names = new Dictionary<uint, string>();
        if (!File.Exists(path))
        {
            return names;
        }

        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && fields[0].Length > 0 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
            {
                names.TryAdd(id, fields[0]);
            }
        }

        return names;
    }
}
