namespace Flix.Erofs.Format;

/// <summary>Mode values as messages show them.</summary>
internal static class UnixMode
{
    /// <summary>The mode in octal with a leading 0, e.g. 0100644.</summary>
    public static string Octal(uint mode) => "0" + Convert.ToString(mode, 8);
}
