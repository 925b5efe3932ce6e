namespace Flix.Pipeline.Reporting;

/// <summary>How far writing the image is: bytes of file content written of <see cref="Total"/>.</summary>
/// <param name="Name">The image being written (NAME-VERSION-ARCH.raw).</param>
public sealed record PackProgress(string Name, long Written, long Total);
