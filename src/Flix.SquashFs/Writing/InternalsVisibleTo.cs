using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Flix.SquashFs.Tests")]
