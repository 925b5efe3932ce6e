# Sourced by the benchmarks: sets the array `flix` to the program they time. FLIX names a flix executable (the
# NativeAOT build of tools/publish.sh is what users get); without it, a ReadyToRun build is made once into
# $bench_dir/flix-bin (a run this short is mostly start-up, so it is compiled ahead of time as a shipped build would be).
if [ -n "${FLIX:-}" ]; then
  flix=("$(realpath "$FLIX")")
else
  bin="$bench_dir/flix-bin"
  dotnet publish src/Flix.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true --nologo -v quiet -o "$bin" >/dev/null
  flix=(dotnet "$bin/flix.dll")
fi
