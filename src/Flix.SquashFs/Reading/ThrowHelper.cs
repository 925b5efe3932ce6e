using System.Diagnostics.CodeAnalysis;

namespace Flix.SquashFs.Reading;

/// <summary>Cold throws of the reader; every message names the image.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Invalid(string image, string message) =>
        throw new InvalidDataException($"{image}: {message}");

    [DoesNotReturn]
    public static void Invalid(string image, string message, Exception inner) =>
        throw new InvalidDataException($"{image}: {message}", inner);

    [DoesNotReturn]
    public static void Unsupported(string image, string message) =>
        throw new NotSupportedException($"{image}: {message}");
}
