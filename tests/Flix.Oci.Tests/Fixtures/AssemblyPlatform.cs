// The fixtures drive Linux tools (registry, skopeo, umoci, mmdebstrap) and Unix file modes.
// The attribute allows repeats, so another file of this project may state it too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
