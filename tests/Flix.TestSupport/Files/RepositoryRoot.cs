namespace Flix.TestSupport.Files;

/// <summary>The checkout the tests run from: the folder holding Flix.sln, found upwards from the test assembly.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Flix.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Flix.sln above {AppContext.BaseDirectory}: these tests run from the repository.");
    }
}
