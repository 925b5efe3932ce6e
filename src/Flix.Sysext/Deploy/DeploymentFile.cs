namespace Flix.Sysext.Deploy;

/// <summary>A deployment file written beside an image: its kind (<see cref="DeploymentFileKinds"/>) and path.</summary>
public sealed record DeploymentFile(string Kind, string Path);
