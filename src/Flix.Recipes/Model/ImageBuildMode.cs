namespace Flix.Recipes.Model;

/// <summary>How an image build turns the installed packages into an extension.</summary>
public enum ImageBuildMode
{
    /// <summary>Flix mode: the programs with their libraries and loader, patched.</summary>
    Flix,

    /// <summary>Flatwrap: the whole root file system behind wrappers.</summary>
    Flatwrap,
}
