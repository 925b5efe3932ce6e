using Flix.Sysext.Deploy;

namespace Flix.Recipes.Model;

/// <summary>How hosts keep a recipe's extension updated: the minor-pinned transfer, and what an update does.</summary>
public sealed record RecipeSysupdate(bool MinorPinned = false, SysupdateOnUpdate OnUpdate = SysupdateOnUpdate.Refresh);
