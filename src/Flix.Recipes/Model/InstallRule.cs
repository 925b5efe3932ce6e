namespace Flix.Recipes.Model;

/// <summary>Entries of an unpacked artifact matching <see cref="From"/> go to <see cref="To"/> (a folder when it ends in '/').</summary>
public sealed record InstallRule(Glob From, string To, uint? Mode, bool Optional)
{
    public bool ToFolder => To.EndsWith('/');
}
