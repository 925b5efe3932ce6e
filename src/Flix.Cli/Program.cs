using System.CommandLine;

namespace Flix.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Flix: turn software from any Linux distribution image into a systemd system extension.");
        return root.Parse(args).InvokeAsync();
    }
}
