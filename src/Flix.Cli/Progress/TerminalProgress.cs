using Spectre.Console;

namespace Flix.Cli.Progress;

/// <summary>
/// Progress bars on a terminal's standard error (Spectre.Console): sizes, rates and the time left. A display runs
/// while bars are updated and is stopped (<see cref="Stop"/>) before anything else is printed, so text never
/// lands inside it. Updated from any thread.
/// </summary>
public sealed class TerminalProgress : IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressContext? _context;
    private TaskCompletionSource? _done;
    private Task? _display;

    /// <param name="error">The terminal's standard error.</param>
    /// <param name="noColor">NO_COLOR is set: bars without colours.</param>
    public TerminalProgress(TextWriter error, bool noColor)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Yes,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
    }

    /// <summary>Sets the bar <paramref name="key"/> to <paramref name="value"/> of <paramref name="total"/> bytes, adding it when new.</summary>
    public void Update(string key, string description, long value, long total)
    {
        lock (_lock)
        {
            var task = TaskFor(key, description);
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(total, 1);
            task.Value = Math.Min(value, task.MaxValue);
            task.Description = Markup.Escape(description);
        }
    }

    /// <summary>A bar that only shows that <paramref name="description"/> is under way (no size known).</summary>
    public void Working(string key, string description)
    {
        lock (_lock)
        {
            var task = TaskFor(key, description);
            task.IsIndeterminate = true;
        }
    }

    /// <summary>Ends the display, leaving the bars as they were last drawn; the next update starts a new one.</summary>
    public void Stop()
    {
        Task? display;
        lock (_lock)
        {
            if (_done is null)
            {
                return;
            }

            foreach (var task in _tasks.Values.Where(t => t.IsIndeterminate))
            {
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
            }

            _done.TrySetResult();
            display = _display;
            (_done, _display, _context) = (null, null, null);
            _tasks.Clear();
        }

        display?.GetAwaiter().GetResult();
    }

    public void Dispose() => Stop();

    private ProgressTask TaskFor(string key, string description)
    {
        if (_tasks.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var task = Context().AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
        _tasks[key] = task;
        return task;
    }

    private ProgressContext Context()
    {
        if (_context is not null)
        {
            return _context;
        }

        var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Spectre.Console.Progress(_console) { AutoClear = false, HideCompleted = false }.Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
            new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn());
        _display = Task.Run(async () =>
        {
            try
            {
                await progress.StartAsync(async context =>
                {
                    ready.TrySetResult(context);
                    await done.Task.ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            catch (Exception exception) when (!ready.Task.IsCompleted)
            {
                ready.TrySetException(exception);
            }
        });
        _done = done;
        _context = ready.Task.GetAwaiter().GetResult();
        return _context;
    }
}
