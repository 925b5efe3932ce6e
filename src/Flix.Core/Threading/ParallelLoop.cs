using System.Runtime.ExceptionServices;

namespace Flix.Core.Threading;

/// <summary>
/// A parallel loop whose failure reads like a sequential one: the exception of the first failing index (in index order)
/// is rethrown as it was thrown, never an <see cref="AggregateException"/>, so its message (which names the file) reaches
/// the user as it is. Every index runs even after a failure, so the error reported does not depend on timing.
/// </summary>
public static class ParallelLoop
{
    /// <summary>Runs <paramref name="body"/> for 0..<paramref name="count"/>-1 in parallel; rethrows the first failure by index.</summary>
    public static void For(int count, Action<int> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });

        foreach (var failure in failures)
        {
            if (failure is not null)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }
}
