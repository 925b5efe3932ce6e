using Flix.Core.Tree;
using Flix.Elf;

namespace Flix.FlixMode;

/// <summary>A library found in the image: the name it was asked for, where it was found, and its parsed ELF file.</summary>
public sealed record ResolvedLibrary(string Name, string SearchPath, string ImagePath, TreeNode Node, ElfFile Elf);
