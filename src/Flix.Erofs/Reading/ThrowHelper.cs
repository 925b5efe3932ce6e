using System.Diagnostics.CodeAnalysis;

namespace Flix.Erofs.Reading;

/// <summary>Cold throws of the reader; every message names the image.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Invalid(string image, string message) =>
        throw new InvalidDataException($"{image}: {message}");

    [DoesNotReturn]
    public static void Unsupported(string image, string message) =>
        throw new NotSupportedException($"{image}: {message}");
}
