namespace Flix.Cli;

/// <summary>The exit codes of every flix command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work failed: a bad input tree, an I/O error, a failing tool.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown options, missing arguments, bad option values.</summary>
    public const int Usage = 2;
}
